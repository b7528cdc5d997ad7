package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.core.AdaptConfig;
import org.scda.engine.Hooks;
import org.scda.eval.EvaluationResult;
import org.scda.experiment.Demo;
import org.scda.util.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--method", paramLabel = "NAME", defaultValue = DEFAULT_METHOD,
            description = "Adaptation method of the adapted run (scda adapt --help lists them; default:"
                    + " ${DEFAULT-VALUE}, the best measured here).")
    String method;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "With --method scda: the region preset cpu-type1, cpu-type2 (default) or cpu-type3.")
    String preset;

    /** The demo's adaptation method. */
    static final String DEFAULT_METHOD = "mean-teacher";

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "3000",
            description = "Iterations of each of the two runs (default: ${DEFAULT-VALUE}, the detector's full schedule:"
                    + " about 8 minutes on 2 cores; at 1000 the mean teacher only ties AdaBN).")
    int iterations;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed of both runs.")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        AdaptConfig cfg;
        try {
            cfg = AdaptationMethods.resolve(Demo.config(method, preset, iterations, seed));
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String name = Demo.adaptedName(cfg);
        Demo.Result r = Demo.run(cfg, out, (step, of, what) -> {
            pw.printf(Locale.ROOT, "[%d/%d] %s%n", step, of, what);
            pw.flush();
        }, System.err);
        printComparison(pw, r.sourceOnly().best(), r.adapted().selected(), name, r.adabnTarget());
        pw.printf(Locale.ROOT, "time: source-only %s, adapted %s%n", ProgressBar.formatDuration(r.sourceOnly().wallSeconds()),
                ProgressBar.formatDuration(r.adapted().wallSeconds()));
        if (!r.adapted().pictures().isEmpty()) {
            pw.println("pictures: " + r.adaptedDir().resolve("pictures"));
        }
        pw.println("runs: " + r.sourceOnlyDir() + "  " + r.adaptedDir() + "  " + r.adabnCheckpoint());
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
