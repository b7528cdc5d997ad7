package org.scda.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.engine.Provenance;
import org.scda.engine.SourceOnlyTraining;
import org.scda.engine.TrainSummary;
import org.scda.util.ScdaException;

/**
 * Supervised training of the detector through {@link SourceOnlyTraining} (what
 * {@code scda train} runs): on the labelled source ({@code source-only}) or on the labelled
 * target training set ({@code oracle}, the upper bound). Resumes from the run's last checkpoint.
 */
public final class SourceOnlyRunner implements MethodRunner {
    private final boolean oracle;
    private final String gitCommit;

    /** The method name of training on the source only. */
    public static final String SOURCE_ONLY = "source-only";
    /** The method name of training on the labelled target (the upper bound). */
    public static final String ORACLE = "oracle";

    /**
     * @param oracle    train on the scenario's labelled target data instead of the source
     * @param gitCommit the commit recorded in results
     */
    public SourceOnlyRunner(boolean oracle, String gitCommit) {
        this.oracle = oracle;
        this.gitCommit = gitCommit;
    }

    @Override
    public String method() {
        return oracle ? ORACLE : SOURCE_ONLY;
    }

    @Override
    public boolean supportsResume() {
        return true;
    }

    @Override
    public RunResult run(RunSpec spec, Path runDir, boolean resume, PrintStream log) throws IOException {
        TrainConfig cfg = config(spec);
        TrainSummary summary = new SourceOnlyTraining(cfg, runDir, resume, log).run();
        RunEvaluation.Outcome eval = RunEvaluation.evaluate(runDir,
                org.scda.engine.Checkpoints.resolve(runDir), spec.scenario(), summary.last(), log);
        return result(spec, cfg, summary.iterations(), summary.skippedSteps(), summary.wallSeconds(),
                summary.trainSeconds(), eval, gitCommit);
    }

    @Override
    public Optional<Map<String, Object>> recordedConfig(RunSpec spec) {
        return Optional.of(configMap(config(spec)));
    }

    private TrainConfig config(RunSpec spec) {
        String train = oracle ? spec.scenario().oracle() : spec.scenario().source();
        if (train == null || train.isBlank()) {
            throw new ScdaException("run " + spec.id() + ": scenario " + spec.scenarioId() + " names no "
                    + (oracle ? "oracle (labelled target training) data" : "source data"));
        }
        return RunConfigs.train(spec, train);
    }

    /** {@code cfg} as a result records it. */
    static Map<String, Object> configMap(TrainConfig cfg) {
        return Configs.json().convertValue(Configs.json().valueToTree(cfg), new TypeReference<Map<String, Object>>() { });
    }

    /** A result with this process's provenance. */
    static RunResult result(RunSpec spec, TrainConfig cfg, int iterations, int skipped, double wall, double train,
                            RunEvaluation.Outcome eval, String commit) {
        Map<String, Object> versions = Provenance.collect();
        versions.remove("git_commit");
        Map<String, Object> config = configMap(cfg);
        return new RunResult(spec.id(), spec.scenarioId(), spec.variantId(), spec.variant().label(), spec.method(),
                spec.seed(), iterations, skipped, wall, train, commit, versions, config, spec.scenario(),
                "best source-val mAP@0.5 (VOC07) during training; target labels never used for selection",
                eval.iteration(), eval.targetVal(), eval.sourceVal(), eval.prCurves(), Instant.now().toString(),
                eval.targetValMask(), eval.sourceValMask());
    }
}
