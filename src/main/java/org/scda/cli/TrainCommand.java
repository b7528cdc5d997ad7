package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scda.config.Configs;
import org.scda.config.InputConfig;
import org.scda.config.TrainConfig;
import org.scda.engine.Hooks;
import org.scda.engine.SourceOnlyTraining;
import org.scda.engine.StopSignals;
import org.scda.engine.TrainSummary;
import org.scda.util.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scda train}: source-only training of the detector, with evaluation and checkpoints. */
@Command(name = "train",
        header = "Train the detector on a labelled source dataset (source-only or oracle).",
        mixinStandardHelpOptions = true,
        description = {"Train the Faster R-CNN detector on a labelled source dataset",
                "(source-only). Defaults: the built-in foggy benchmark and the CPU config",
                "(small backbone, 256x128 images, 3000 iterations). With your own --source",
                "give --source-val; the built-in target-val is used with built-in sources only.",
                "Writes config.yaml, metrics.jsonl, model_best.ckpt (best source-val mAP),",
                "model_last.ckpt and summary.json to --out. On a busy machine SCDA_THREADS=1",
                "is faster. A run that diverges (non-finite loss, or a loss over",
                "divergence.lossFactor, default 100, times its running median) rolls back to",
                "its last healthy checkpoint, at most divergence.maxRollbacks (3) times, then",
                "fails (exit 1). SIGINT/SIGTERM stop it after the current iteration with a",
                "checkpoint (exit 130/143); --resume continues it. --augment strong trains a",
                "stronger source-only baseline (the mean-teacher recipes' colour jitter,",
                "grayscale, blur and random erasing on every training image, besides the flip)."})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config; flags below override it.")
    Path config;

    @Option(names = "--backbone", paramLabel = "NAME", description = "small, small-nobn (no BatchNorm), vgg16 or vgg16-bn.")
    String backbone;

    @Option(names = "--lr", paramLabel = "LR", description = "Base learning rate.")
    Double lr;

    @Option(names = "--augment", paramLabel = "none|strong", completionCandidates = AugmentNames.class,
            description = "Photometric augmentation of training images (model.input.augment): none (default) or"
                    + " strong: colour jitter 0.4/0.4/0.4/0.1 (p 0.8), grayscale (p 0.2), Gaussian blur sigma"
                    + " 0.1-2 (p 0.5), three random erasings (p 0.7, 0.5, 0.3); boxes unchanged.")
    String augment;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/train", description = "Run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint, with the"
            + " settings it was trained with (other settings are refused, each difference named).")
    boolean resume;

    @Option(names = "--resume-with-changes", description = "Like --resume, but continue with these settings where"
            + " they differ, recording each change and its iteration in config.yaml and summary.json.")
    boolean resumeWithChanges;

    @Override
    public Integer call() throws Exception {
        if (augment != null && !InputConfig.AUGMENTS.contains(augment)) {
            throw new ParameterException(spec.commandLine(), "--augment (model.input.augment) must be "
                    + String.join(" or ", InputConfig.AUGMENTS) + ", got '" + augment + "'");
        }
        TrainConfig base = config == null ? TrainConfig.defaults() : Configs.load(config);
        if (training.iterations != null) {
            base = base.withIterations(training.iterations);
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        training.putOverrides(overrides);
        overrides.put("solver.baseLr", lr);
        overrides.put("model.backbone", backbone);
        overrides.put("model.input.augment", augment);
        TrainConfig cfg = Configs.withOverrides(base, overrides);
        training.requireDevice(cfg.device(), config);
        cfg = training.forSource(cfg, spec.commandLine());
        PrintWriter pw = spec.commandLine().getOut();
        TrainSummary s;
        try (StopSignals signals = StopSignals.install()) {
            s = new SourceOnlyTraining(cfg, out, resume || resumeWithChanges, System.err)
                    .allowSettingsChanges(resumeWithChanges).stopOn(signals.request()).run();
        }
        pw.printf(Locale.ROOT, "trained %d iterations in %s (wall time %s, %d skipped steps, %d rollbacks)%n",
                s.iterations(), ProgressBar.formatDuration(s.trainSeconds()), ProgressBar.formatDuration(s.wallSeconds()),
                s.skippedSteps(), s.rollbacks());
        s.settingsChanges().forEach(c -> pw.println("settings changed on resume: " + c.describe()));
        if (s.best() != null) {
            pw.printf(Locale.ROOT, "best checkpoint (iteration %d, chosen on source-val): source-val mAP@0.5 %.4f",
                    s.best().iteration(), s.best().sourceVal().mAP());
            if (s.best().targetVal() != null) {
                pw.printf(Locale.ROOT, "   target-val mAP@0.5 %.4f", s.best().targetVal().mAP());
            }
            pw.println();
            printMaskAp(pw, s.best());
        }
        if (s.last() != null && s.best() != null && s.last().iteration() != s.best().iteration()) {
            pw.printf(Locale.ROOT, "last (iteration %d): source-val mAP@0.5 %.4f%s%n", s.last().iteration(),
                    s.last().sourceVal().mAP(), s.last().targetVal() == null ? ""
                            : String.format(Locale.ROOT, "   target-val mAP@0.5 %.4f", s.last().targetVal().mAP()));
        }
        pw.println("run directory: " + out);
        pw.flush();
        return ScdaCommand.EXIT_OK;
    }

    /** The mask AP line of a Mask R-CNN evaluation (nothing for a box-only one). */
    static void printMaskAp(PrintWriter pw, Hooks.Evaluation e) {
        if (e.sourceValMask() == null && e.targetValMask() == null) {
            return;
        }
        pw.print("  mask AP:");
        if (e.sourceValMask() != null) {
            pw.printf(Locale.ROOT, " source-val mask mAP@0.5 %.4f", e.sourceValMask().mAP());
        }
        if (e.targetValMask() != null) {
            pw.printf(Locale.ROOT, "   target-val mask mAP@0.5 %.4f", e.targetValMask().mAP());
        }
        pw.println();
    }

    /** The values of {@code --augment}, for its help. */
    static final class AugmentNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return InputConfig.AUGMENTS.iterator();
        }
    }
}
