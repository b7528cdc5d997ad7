package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scda.adapt.adabn.AdabnCheckpoint;
import org.scda.adapt.core.BatchNormAdaptation;
import org.scda.data.Datasets;
import org.scda.engine.Checkpoints;
import org.scda.util.ScdaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scda adabn}: a trained detector with its BatchNorm statistics taken from target images. */
@Command(name = "adabn",
        mixinStandardHelpOptions = true,
        description = {"AdaBN (Li et al. 2016): the target's BatchNorm statistics in a trained detector.",
                "Copies a trained detector, replacing its backbone's BatchNorm running",
                "statistics with the target domain's (the average of each target image's",
                "per-channel statistics). No training, no labels, seconds on a CPU: the first",
                "thing to try on a backbone with BatchNorm, and the control that tells",
                "whether an adaptation method gains more than its BatchNorm statistics do. A",
                "backbone without BatchNorm (small-nobn, vgg16) is refused."},
        footer = {"", "Examples:", "  scda adabn --model runs/train --out runs/train/model_adabn.ckpt",
                "  scda eval --model runs/train/model_adabn.ckpt --data synth:foggy/target/val"})
public final class AdabnCommand implements Callable<Integer> {

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M",
            description = "A run directory (its best checkpoint) or a checkpoint file.")
    Path model;

    @Option(names = "--target", paramLabel = "SPEC", defaultValue = "synth:foggy/target/train",
            description = "Unlabelled target images (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--images", paramLabel = "N", defaultValue = "500",
            description = "The first N target images (0: all; default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The adapted checkpoint to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (images < 0) {
            throw new ScdaException("--images must be >= 0");
        }
        BatchNormAdaptation.Result r = AdabnCheckpoint.write(model, Datasets.load(target), images, out);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("AdaBN: %d BatchNorm layers of %s set from %d images of %s%nwrote %s%n", r.layers(),
                Checkpoints.resolve(model), r.images(), target, out);
        pw.flush();
        return ScdaCommand.EXIT_OK;
    }
}
