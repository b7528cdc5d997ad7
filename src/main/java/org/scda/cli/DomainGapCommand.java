package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scda.eval.DomainGapReport;
import org.scda.experiment.RunDomainGap;
import org.scda.experiment.RunResult;
import org.scda.experiment.ScenarioSpec;
import org.scda.util.ScdaException;
import org.scda.viz.DomainGapPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scda domain-gap}: how far apart a trained detector's features put two domains. */
@Command(name = "domain-gap",
        mixinStandardHelpOptions = true,
        description = {"Measure how far apart a trained detector's features put two domains.",
                "How well a linear classifier tells source from target images by the",
                "detector's features: the proxy A-distance, PAD = 2 (1 - 2 err), err the",
                "held-out error of a logistic-regression domain classifier (two folds). 0:",
                "the domains look the same to it; 2: perfectly separable. Feature alignment",
                "(scda adapt, DA Faster) tries to lower it; a lower gap is not by itself a",
                "higher target accuracy. Levels: backbone (the backbone map averaged over",
                "positions, one vector an image) and roi (the RoI head features of the",
                "image's top-N proposals, averaged). Also the mean effect size:",
                "|mean_s-mean_t| / pooled std per feature, averaged over features, which",
                "still grades a shift every classifier separates (PAD 2). Inference mode; no",
                "labels are read."},
        footer = {"", "Examples:", "  scda domain-gap --model runs/adapt",
                "  scda domain-gap --model runs/train/model_last.ckpt --images 300 --json",
                "  scda domain-gap --model runs/alignment-fidelity/foggy@0.3/type2-nobn/seed1 --save"})
public final class DomainGapCommand implements Callable<Integer> {
    static final String DEFAULT_SOURCE = "synth:foggy/source/val";
    static final String DEFAULT_TARGET = "synth:foggy/target/val";

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M",
            description = "A run directory (its best checkpoint) or a checkpoint file.")
    Path model;

    @Option(names = "--source", paramLabel = "SPEC",
            description = "Source-domain images (default: a run directory's source-val, else " + DEFAULT_SOURCE + ").")
    String source;

    @Option(names = "--target", paramLabel = "SPEC",
            description = "Target-domain images (default: a run directory's target-val, else " + DEFAULT_TARGET + ")."
                    + " Only the images are read, never their labels.")
    String target;

    @Option(names = "--save",
            description = "Also write the JSON to the run directory given as --model, as " + DomainGapReport.RUN_FILE
                    + " (scda report puts it next to the run's alignment diagnostics).")
    boolean save;

    @Option(names = "--images", paramLabel = "N", defaultValue = "" + RunDomainGap.IMAGES,
            description = "The first N images of each domain (0: all; default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--proposals", paramLabel = "N", defaultValue = "" + RunDomainGap.PROPOSALS,
            description = "Top-N proposals whose RoI features make an image's roi vector (default ${DEFAULT-VALUE},"
                    + " the CPU presets' target proposals).")
    int proposals;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + RunDomainGap.SEED, description = "Seed of the folds (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--plot", paramLabel = "DIR",
            description = "Also write DIR/domain-gap-backbone.png and DIR/domain-gap-roi.png: each image's vector on the"
                    + " first two principal components of both domains' vectors, source and target in two colours.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        if (images < 0 || proposals < 1) {
            throw new ScdaException("--images must be >= 0 and --proposals >= 1");
        }
        Path runResult = model.resolve(RunResult.FILE);
        boolean runDir = Files.isDirectory(model) && Files.isRegularFile(runResult);
        if (save && !runDir) {
            throw new ScdaException("--save needs --model to be a run directory (one with " + RunResult.FILE + "), got "
                    + model);
        }
        ScenarioSpec datasets = runDir ? RunResult.read(runResult).datasets() : null;
        if (source == null) {
            source = datasets != null ? datasets.sourceVal() : DEFAULT_SOURCE;
        }
        if (target == null) {
            target = datasets != null ? datasets.targetVal() : DEFAULT_TARGET;
        }
        RunDomainGap.Measured measured = RunDomainGap.measure(model, source, target, images, proposals, seed);
        DomainGapReport report = measured.report();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        report.leftOut().forEach((level, n) -> {
            if (n > 0) {
                err.println("scda domain-gap: " + n + " images had no proposals and are left out of the " + level.key()
                        + " level");
            }
        });
        if (plot != null) {
            for (Path file : DomainGapPlot.write(report, plot, source, target)) {
                err.println("scda domain-gap: wrote " + file);
            }
        }
        String jsonText = measured.json();
        if (save) {
            err.println("scda domain-gap: wrote " + RunDomainGap.save(model, measured));
        }
        if (json) {
            out.println(jsonText);
        } else {
            out.printf("model:  %s%nsource: %s (%d images)%ntarget: %s (%d images)%n%n", model, source,
                    measured.source(), target, measured.target());
            out.print(report.toTable());
        }
        out.flush();
        return ScdaCommand.EXIT_OK;
    }
}
