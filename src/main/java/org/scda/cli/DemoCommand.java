package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scda.adapt.core.AdaptConfig;
import org.scda.config.TrainConfig;
import org.scda.data.Datasets;
import org.scda.adapt.core.AdaptSummary;
import org.scda.adapt.AdaptationMethods;
import org.scda.engine.Hooks;
import org.scda.engine.SourceOnlyTraining;
import org.scda.engine.TrainSummary;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Metric;
import org.scda.util.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.scda.adapt.adabn.AdabnCheckpoint;

/**
 * {@code scda demo}: the whole idea on the built-in data. Trains a source-only detector and a
 * region-aligned one for the same iterations on the default normal->foggy pair, evaluates both on
 * the foggy target's validation labels (reported only, never used for training or selection),
 * and prints them side by side with the region-mining pictures' folder; then the source-only
 * detector after AdaBN (its BatchNorm statistics from target images, no training), the
 * baseline an adaptation method on a BatchNorm backbone has to beat.
 */
@Command(name = "demo",
        header = "Source-only vs adapted detector on the built-in normal->foggy benchmark.",
        mixinStandardHelpOptions = true,
        description = {"Train a source-only and an adapted (selective cross-domain alignment)",
                "detector on the built-in normal->foggy benchmark, for the same iterations,",
                "and compare them on the foggy target's val split; then the source-only",
                "detector after AdaBN (BatchNorm statistics from target images, no training).",
                "The benchmark is generated on first use; the runs and pictures go to --out."})
public final class DemoCommand implements Callable<Integer> {
    /** Target images AdaBN takes its statistics from (as {@code scda adabn}'s default). */
    static final int ADABN_IMAGES = 500;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "cpu-type2",
            description = "Alignment preset: cpu-type1, cpu-type2 or cpu-type3 (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "1000",
            description = "Iterations of each of the two runs (default: ${DEFAULT-VALUE}, sized for about 10 minutes on 2 cores;"
                    + " the detector's full schedule is 3000).")
    int iterations;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed of both runs.")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        AdaptConfig base = AdaptConfig.defaults();
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("adapt.preset", preset);
        overrides.put("solver.iterations", iterations);
        overrides.put("seed", seed);
        AdaptConfig cfg = base.withOverrides(overrides);
        if (iterations != base.train().solver().iterations()) {
            TrainConfig scaled = TrainCommand.scaleSchedule(cfg.train(), base.train().solver().iterations());
            cfg = new AdaptConfig(scaled, cfg.adapt());
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "[1/3] source-only detector, %d iterations on %s%n", cfg.train().solver().iterations(),
                cfg.train().data().source());
        pw.flush();
        TrainSummary sourceOnly = new SourceOnlyTraining(cfg.train(), out.resolve("source-only"), false, System.err).run();
        pw.printf(Locale.ROOT, "[2/3] adapted detector (%s), same iterations, unlabelled target %s%n", preset,
                cfg.adapt().target());
        pw.flush();
        AdaptSummary adapted = AdaptationMethods.training(cfg, out.resolve(preset), false, System.err).run();
        pw.printf(Locale.ROOT, "[3/3] AdaBN: the source-only detector with the target's BatchNorm statistics"
                + " (%d unlabelled images, no training)%n", ADABN_IMAGES);
        pw.flush();
        Path adabn = out.resolve("source-only-adabn.ckpt");
        AdabnCheckpoint.write(out.resolve("source-only"), Datasets.load(cfg.adapt().target()), ADABN_IMAGES, adabn);
        EvaluationResult adabnTarget = ModelEvaluation.boxes(adabn, Datasets.load(cfg.train().data().targetVal()),
                Metric.VOC07, "eval-tgt");
        printComparison(pw, sourceOnly.best(), adapted.selected(), preset, adabnTarget);
        pw.printf(Locale.ROOT, "time: source-only %s, adapted %s%n", ProgressBar.formatDuration(sourceOnly.wallSeconds()),
                ProgressBar.formatDuration(adapted.wallSeconds()));
        if (!adapted.pictures().isEmpty()) {
            pw.println("region-mining pictures: " + out.resolve(preset).resolve("pictures"));
        }
        pw.println("runs: " + out.resolve("source-only") + "  " + out.resolve(preset) + "  " + adabn);
        pw.flush();
        return ScdaCommand.EXIT_OK;
    }

    /** The target-val table: one row per class, source-only beside adapted, then the means. */
    static void printComparison(PrintWriter pw, Hooks.Evaluation sourceOnly, Hooks.Evaluation adapted, String name) {
        printComparison(pw, sourceOnly, adapted, name, null);
    }

    /**
     * As {@link #printComparison(PrintWriter, Hooks.Evaluation, Hooks.Evaluation, String)}, then the
     * target-val mAP of the source-only model after AdaBN (when not null) under the source-only column.
     */
    static void printComparison(PrintWriter pw, Hooks.Evaluation sourceOnly, Hooks.Evaluation adapted, String name,
                                EvaluationResult sourceOnlyAdabn) {
        if (sourceOnly == null || adapted == null || sourceOnly.targetVal() == null || adapted.targetVal() == null) {
            pw.println("no target-val evaluation to compare");
            return;
        }
        EvaluationResult a = sourceOnly.targetVal();
        EvaluationResult b = adapted.targetVal();
        pw.println();
        pw.println("Target-val AP@0.5 (" + a.metric().description() + "), foggy target labels used for this report only");
        pw.printf(Locale.ROOT, "%-12s %12s %12s %8s%n", "class", "source-only", name, "delta");
        for (Map.Entry<String, Double> e : a.perClass().entrySet()) {
            Double x = e.getValue();
            Double y = b.perClass().get(e.getKey());
            if (x == null || y == null) {
                continue;
            }
            pw.printf(Locale.ROOT, "%-12s %12.1f %12.1f %+8.1f%n", e.getKey(), 100 * x, 100 * y, 100 * (y - x));
        }
        pw.printf(Locale.ROOT, "%-12s %12.1f %12.1f %+8.1f%n", "mAP", 100 * a.mAP(), 100 * b.mAP(), 100 * (b.mAP() - a.mAP()));
        pw.printf(Locale.ROOT, "%-12s %12.1f %12.1f%n", "(source-val)", 100 * sourceOnly.sourceVal().mAP(),
                100 * adapted.sourceVal().mAP());
        if (sourceOnlyAdabn != null) {
            pw.printf(Locale.ROOT, "%-12s %12.1f              (source-only + AdaBN: its BatchNorm statistics from the"
                    + " target, no training)%n", "mAP AdaBN", 100 * sourceOnlyAdabn.mAP());
        }
        pw.println();
    }
}
