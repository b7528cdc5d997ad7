package org.scda.experiment;

import java.nio.file.Path;
import java.util.Map;

/**
 * One cell of the matrix: a training run.
 *
 * @param id         {@code SCENARIO/VARIANT/seedN}, also its folder under the experiment's output
 * @param scenarioId scenario name
 * @param scenario   its datasets
 * @param variantId  variant name
 * @param variant    method, preset and overrides
 * @param seed       random seed
 * @param iterations training iterations, or null to keep the config's
 * @param configFile the resolved preset file, or null
 * @param overrides  the experiment's overrides followed by the variant's
 */
public record RunSpec(String id, String scenarioId, ScenarioSpec scenario, String variantId, VariantSpec variant,
                      long seed, Integer iterations, Path configFile, Map<String, Object> overrides) {

    public RunSpec {
        overrides = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(overrides));
    }

    /** The method name of the variant. */
    public String method() {
        return variant.method();
    }

    /** The run id of a cell. */
    public static String id(String scenario, String variant, long seed) {
        return scenario + "/" + variant + "/seed" + seed;
    }
}
