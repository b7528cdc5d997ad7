package org.scda.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.scda.config.AdaptConfig;
import org.scda.engine.AdaptSummary;
import org.scda.engine.AdaptationTraining;

/**
 * Selective cross-domain alignment through {@link AdaptationTraining} (what {@code scda adapt}
 * runs): the variant's preset file (e.g. {@code configs/cpu-type2.yaml}) with its ablation
 * overrides, the scenario's source, unlabelled target and validation sets. Adaptation runs do
 * not resume: an interrupted one restarts.
 */
public final class ScdaRunner implements MethodRunner {

    @Override
    public String method() {
        return "scda";
    }

    @Override
    public boolean supportsResume() {
        return false;
    }

    @Override
    public RunResult run(RunSpec spec, Path runDir, boolean resume, PrintStream log) throws IOException {
        AdaptConfig cfg = RunConfigs.adapt(spec);
        AdaptSummary s = new AdaptationTraining(cfg, runDir, log).run();
        RunEvaluation.Outcome eval = RunEvaluation.evaluate(runDir, s.selectedCheckpoint(), spec.scenario(), s.last(), log);
        RunResult r = SourceOnlyRunner.result(spec, cfg.train(), s.iterations(), s.skippedSteps(), s.wallSeconds(),
                s.trainSeconds(), eval);
        java.util.Map<String, Object> config = new java.util.LinkedHashMap<>(r.config());
        config.put(AdaptConfig.SECTION, org.scda.config.Configs.json().convertValue(cfg.adapt(),
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() { }));
        return new RunResult(r.run(), r.scenario(), r.variant(), r.label(), r.method(), r.seed(), r.iterations(),
                r.skippedSteps(), r.wallSeconds(), r.trainSeconds(), r.gitCommit(), r.versions(), config, r.datasets(),
                "model selection: " + s.modelSelection() + " (target labels never used); " + s.warmupIterations()
                        + " source-only warm-up iterations, " + s.skippedAlignmentUpdates()
                        + " skipped alignment updates, " + s.rollbacks() + " rollbacks",
                r.selectedIteration(), r.targetVal(), r.sourceVal(), r.prCurves(), r.finishedAt());
    }
}
