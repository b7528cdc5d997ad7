package org.scda.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSummary;
import org.scda.adapt.core.AdaptationTraining;
import org.scda.engine.Hooks;
import org.scda.engine.PhaseTimes;
import org.scda.engine.StopSignals;
import org.scda.util.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scda adapt}: train the detector with selective cross-domain alignment to an unlabelled target. */
@Command(name = "adapt",
        header = "Adapt the detector to an unlabelled target domain (selective alignment, mean teacher, DA Faster, AdaBN).",
        mixinStandardHelpOptions = true,
        description = {"Adapt the detector to an unlabelled target domain with selective",
                "cross-domain alignment (region mining + region-level adversarial alignment,",
                "CVPR 2019). Per iteration: one labelled source and one unlabelled target",
                "image; source-only warm-up, then the updates (1) Ds,Dt (2) Dw (3) Gs,Gt",
                "(4) detector. --method chooses another method: mean-teacher (an EMA teacher's",
                "confident boxes on target images train the detector; the best measured here),",
                "da-faster (DA Faster R-CNN), adabn.",
                "Target-val labels are read for reporting only. Default: CPU Type2 on the",
                "built-in foggy benchmark; with your own --source give --source-val and",
                "--target (the built-in target-val is used with built-in sources only).",
                "Writes config.yaml, metrics.jsonl, model_best.ckpt, model_last.ckpt,",
                "alignment_last.params, pictures/ and summary.json to --out.",
                "--resume continues an interrupted run from its last checkpoint (detector,",
                "alignment modules, their optimisers, RNG, best model so far) with the same",
                "options, and ends with the same weights as an uninterrupted run.",
                "A run that diverges (non-finite loss, a loss over divergence.lossFactor times",
                "its running median, or divergence.skipStreak skipped updates in a row) rolls",
                "back to its last healthy checkpoint, at most divergence.maxRollbacks times,",
                "then fails (exit 1). SIGINT/SIGTERM stop it after the current iteration with",
                "a checkpoint (exit 130/143)."})
public final class AdaptCommand implements Callable<Integer> {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config, e.g. configs/cpu-type2.yaml (default: the CPU Type2 defaults); flags override it.")
    Path config;

    @Option(names = "--target", paramLabel = "SPEC", description = "Unlabelled target training data"
            + " (default: synth:foggy/target/train with a built-in synth: source; needed with your own data).")
    String target;

    @Option(names = "--method", paramLabel = "NAME", completionCandidates = MethodNames.class,
            description = "Adaptation method: ${COMPLETION-CANDIDATES} (default: the first, or the config's).")
    String method;

    @Option(names = "--preset", paramLabel = "NAME", description = "Region preset: type1..3 (paper size) or cpu-type1..3.")
    String preset;

    @Option(names = "--warmup-fraction", paramLabel = "F", description = "Fraction of iterations trained source-only first.")
    Double warmupFraction;

    @Option(names = "--lambda", paramLabel = "L", description = "Weight of the detector's alignment loss (paper: 0.1).")
    Double lambda;

    @Option(names = "--detach-region-features",
            description = "Ablation: stop the alignment gradient at the region features (as the public release).")
    boolean detach;

    @Option(names = "--source-batch-statistics",
            description = "Target images use the BatchNorm running statistics and leave them unchanged (a control:"
                    + " target images then change the detector only through the adaptation loss).")
    boolean sourceBatchStatistics;

    @Option(names = "--picture-period", paramLabel = "N", description = "Region-mining picture every N iterations (0: none).")
    Integer picturePeriod;

    @Option(names = "--model-selection", paramLabel = "source-val|last",
            description = "Keep the best source-val checkpoint or the last iteration (never target labels).")
    String modelSelection;

    @Option(names = "--profile", description = "At the end, print where an iteration's time went, phase by phase,"
            + " source-only and adaptation iterations apart (also in summary.json, field "
            + AdaptationTraining.PHASES_FIELD + ").")
    boolean profile;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/adapt", description = "Run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume",
            description = "Continue the run in --out from its last checkpoint, with the settings it was trained with"
                    + " (other settings are refused, each difference named).")
    boolean resume;

    @Option(names = "--resume-with-changes", description = "Like --resume, but continue with these settings where"
            + " they differ, recording each change and its iteration in config.yaml and summary.json.")
    boolean resumeWithChanges;

    @Override
    public Integer call() throws Exception {
        AdaptConfig base = config == null ? AdaptConfig.defaults() : AdaptConfig.load(config);
        if (training.iterations != null) {
            base = new AdaptConfig(base.train().withIterations(training.iterations), base.adapt());
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        training.putOverrides(overrides);
        overrides.put("adapt.target", target);
        overrides.put("adapt.method", method);
        overrides.put("adapt.preset", preset);
        overrides.put("adapt.warmupFraction", warmupFraction);
        overrides.put("adapt.lambda", lambda);
        overrides.put("adapt.picturePeriod", picturePeriod);
        overrides.put("adapt.modelSelection", modelSelection);
        if (sourceBatchStatistics) {
            overrides.put("adapt.targetBatchStatistics", false);
        }
        if (detach) {
            overrides.put("adapt.ablations.detachRegionFeatures", true);
        }
        AdaptConfig cfg = base.withOverrides(overrides);
        training.requireDevice(cfg.train().device(), config);
        cfg = training.forSource(cfg, target != null, spec.commandLine());
        AdaptSummary s;
        try (StopSignals signals = StopSignals.install()) {
            s = AdaptationMethods.training(cfg, out, resume || resumeWithChanges, System.err)
                    .allowSettingsChanges(resumeWithChanges).stopOn(signals.request()).run();
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "adapted %d iterations (%d source-only) in %s (wall time %s); skipped: %d detector steps,"
                        + " %d alignment updates; %d rollbacks%n", s.iterations(), s.warmupIterations(),
                ProgressBar.formatDuration(s.trainSeconds()), ProgressBar.formatDuration(s.wallSeconds()),
                s.skippedSteps(), s.skippedAlignmentUpdates(), s.rollbacks());
        if (Double.isNaN(s.medianAlignedMs())) { // a method that never draws a target image (adabn)
            pw.printf(Locale.ROOT, "median iteration: %.0f ms source-only%n", s.medianWarmupMs());
        } else {
            pw.printf(Locale.ROOT, "median iteration: %.0f ms aligned, %.0f ms source-only%n", s.medianAlignedMs(),
                    s.medianWarmupMs());
        }
        if (profile) {
            pw.print(PhaseTimes.table(readPhases(out.resolve("summary.json"))));
        }
        s.settingsChanges().forEach(c -> pw.println("settings changed on resume: " + c.describe()));
        Hooks.Evaluation e = s.selected();
        if (e != null) {
            pw.printf(Locale.ROOT, "selected model (%s, iteration %d): source-val mAP@0.5 %.4f", s.modelSelection(),
                    e.iteration(), e.sourceVal().mAP());
            if (e.targetVal() != null) {
                pw.printf(Locale.ROOT, "   target-val mAP@0.5 %.4f (reported only)", e.targetVal().mAP());
            }
            pw.println();
            TrainCommand.printMaskAp(pw, e);
        }
        if (!s.pictures().isEmpty()) {
            pw.println("pictures: " + s.pictures().size() + " in " + out.resolve("pictures"));
        }
        pw.println("run directory: " + out);
        pw.flush();
        return ScdaCommand.EXIT_OK;
    }

    /** The adaptation methods' names, for {@code --help}. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return AdaptationMethods.names().iterator();
        }
    }

    /** The phases' ms per iteration from a run's summary.json ({@link AdaptationTraining#PHASES_FIELD}). */
    static Map<String, Map<String, Double>> readPhases(Path summary) throws IOException {
        var json = org.scda.config.Configs.json();
        JsonNode node = json.readTree(summary.toFile()).path(AdaptationTraining.PHASES_FIELD);
        return node.isMissingNode() ? Map.of() : json.convertValue(node, new TypeReference<LinkedHashMap<String, Map<String, Double>>>() { });
    }
}
