package org.scda.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scda.eval.PrCurve;

/** Hand-made results for tests. */
final class Fixtures {
    private Fixtures() {
    }

    static RunResult result(RunSpec spec, double targetMap, Map<String, Double> perClass, double wall) {
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("java", "17");
        versions.put("djl", "0.36.0");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("seed", spec.seed());
        config.put("solver", Map.of("iterations", 10));
        return new RunResult(spec.id(), spec.scenarioId(), spec.variantId(), spec.variant().label(), spec.method(),
                spec.seed(), 10, 0, wall, wall / 2, "abc123", versions, config, spec.scenario(), "test", 10,
                new Scores(spec.scenario().targetVal(), "VOC07", targetMap, perClass),
                new Scores(spec.scenario().sourceVal(), "VOC07", 0.9, perClass),
                Map.of("car", new PrCurve(3, new double[] {0.0, 0.5, 1.0}, new double[] {1.0, 0.8, 0.5})),
                "2026-11-26T18:00:00Z");
    }

    static RunSpec spec(String scenario, String variant, String method, long seed) {
        VariantSpec v = new VariantSpec(variant, method, null, Map.of());
        return new RunSpec(RunSpec.id(scenario, variant, seed), scenario, ScenarioSpec.synth(scenario, List.of()),
                variant, v, seed, 10, null, Map.of());
    }
}
