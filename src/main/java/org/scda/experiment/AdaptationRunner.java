package org.scda.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSummary;
import org.scda.adapt.core.AdaptationState;

/**
 * Adaptation training through {@link AdaptationTraining} (what {@code scda adapt} runs), for
 * the methods it implements: {@code scda} (selective cross-domain alignment, presets such as
 * {@code configs/cpu-type2.yaml} with ablation overrides) and {@code da-faster} (DA Faster
 * R-CNN, {@code configs/da-faster.yaml}); the method is set as {@code adapt.method}. The
 * scenario gives the source, the unlabelled target and the validation sets. An interrupted run
 * resumes from its last checkpoint (detector, adaptation modules and their optimisers, RNG,
 * best model so far; see {@link AdaptationTraining}) and ends as the uninterrupted run would;
 * one whose checkpoint cannot be resumed (e.g. written before runs could resume, or with
 * another config) restarts, as all did before.
 */
public final class AdaptationRunner implements MethodRunner {
    private final String method;
    private final String gitCommit;

    /**
     * @param method    {@code scda} or {@code da-faster} (the value of {@code adapt.method})
     * @param gitCommit the commit recorded in results
     */
    public AdaptationRunner(String method, String gitCommit) {
        this.method = method;
        this.gitCommit = gitCommit;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public boolean supportsResume() {
        return true;
    }

    @Override
    public RunResult run(RunSpec spec, Path runDir, boolean resume, PrintStream log) throws IOException {
        AdaptConfig cfg = RunConfigs.adapt(spec);
        java.util.Optional<String> problem = resume ? AdaptationState.resumeProblem(runDir, cfg.toYaml())
                : java.util.Optional.empty();
        if (problem.isPresent()) {
            // as before runs could resume: an interrupted run that cannot continue restarts
            log.println("run " + spec.id() + " cannot resume (" + problem.get() + "): restarting it");
            ExperimentRunner.clear(runDir);
        }
        AdaptSummary s = AdaptationMethods.training(cfg, runDir, resume, log).run();
        // the trainer's last evaluation is reused only when it is the reported model's: not for a
        // checkpoint the method changed after training, as AdaBN does, which can be of the same iteration
        org.scda.engine.Hooks.Evaluation done = s.last() != null && s.last().equals(s.selected()) ? s.last() : null;
        RunEvaluation.Outcome eval = RunEvaluation.evaluate(runDir, s.selectedCheckpoint(), spec.scenario(), done, log);
        RunResult r = SourceOnlyRunner.result(spec, cfg.train(), s.iterations(), s.skippedSteps(), s.wallSeconds(),
                s.trainSeconds(), eval, gitCommit);
        return withAdaptSection(r, cfg, method, "model selection: " + s.modelSelection()
                + " (target labels never used); " + s.warmupIterations() + " source-only warm-up iterations, " + s.skippedAlignmentUpdates()
                + " skipped alignment updates, " + s.rollbacks() + " rollbacks");
    }

    /**
     * {@code r} with the settings {@code method} reads as its config's {@code adapt:} section and
     * {@code selection} as its model-selection note.
     */
    static RunResult withAdaptSection(RunResult r, AdaptConfig cfg, String method, String selection) {
        return r.withConfig(withAdaptSection(r.config(), cfg, method), selection);
    }

    private static java.util.Map<String, Object> withAdaptSection(java.util.Map<String, Object> train, AdaptConfig cfg,
                                                                 String method) {
        java.util.Map<String, Object> config = new java.util.LinkedHashMap<>(train);
        config.put(AdaptConfig.SECTION, org.scda.config.Configs.json().convertValue(
                cfg.adapt().treeFor(AdaptationMethods.named(method)),
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() { }));
        return config;
    }

    @Override
    public java.util.Optional<java.util.Map<String, Object>> recordedConfig(RunSpec spec) {
        AdaptConfig cfg = RunConfigs.adapt(spec);
        return java.util.Optional.of(withAdaptSection(SourceOnlyRunner.configMap(cfg.train()), cfg, method));
    }
}
