package org.scda.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scda.adapt.adabn.BatchNormAdaptation;
import org.scda.config.TrainConfig;
import org.scda.data.Datasets;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.transform.ImageTransform;
import org.scda.data.transform.PreparedImage;
import org.scda.engine.Checkpoint;
import org.scda.engine.Checkpoints;
import org.scda.engine.DetectorRunner;
import org.scda.util.ProgressBar;
import org.scda.util.ScdaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scda adabn}: a trained detector with its BatchNorm statistics taken from target images. */
@Command(name = "adabn",
        mixinStandardHelpOptions = true,
        description = {"AdaBN (Li et al. 2016): copy a trained detector, replacing its",
                "backbone's BatchNorm running statistics with the target domain's (the",
                "average of each target image's per-channel statistics). No training, no",
                "labels, seconds on a CPU: the first thing to try on a backbone with",
                "BatchNorm, and the control that tells whether an adaptation method gains",
                "more than its BatchNorm statistics do. A backbone without BatchNorm",
                "(small-nobn, vgg16) is refused."},
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
        Path file = Checkpoints.resolve(model);
        if (file.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new ScdaException("--out " + out + " is the model's own checkpoint; write the adapted one elsewhere");
        }
        DetectionDataset data = Datasets.load(target);
        DetectionDataset used = images > 0 ? data.limit(images) : data;
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoints.Loaded loaded = Checkpoints.load(file, manager);
            TrainConfig cfg = loaded.checkpoint().config();
            ImageTransform transform = new ImageTransform(cfg.model().input().shortSide(), cfg.model().input().maxSize());
            Iterable<PreparedImage> prepared = () -> new Iterator<>() {
                private final Iterator<DetectionSample> samples = used.samples().iterator();

                @Override
                public boolean hasNext() {
                    return samples.hasNext();
                }

                @Override
                public PreparedImage next() {
                    return transform.apply(DetectorRunner.readImage(samples.next().image()));
                }
            };
            BatchNormAdaptation.Result r;
            try (ProgressBar bar = new ProgressBar("adabn", used.size())) {
                r = BatchNormAdaptation.adapt(loaded.model(), manager, prepared, bar::step);
            } catch (IllegalArgumentException e) {
                throw new ScdaException(file + ": " + e.getMessage(), e);
            }
            Checkpoint c = loaded.checkpoint();
            // the source model's evaluations do not describe this one
            Checkpoints.save(out, new Checkpoint(c.config(), c.classNames(), c.iteration(), c.rngState(), c.optimizer(),
                    c.optimizerState(), Map.of("adabn_images", (double) r.images())), loaded.model());
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf("AdaBN: %d BatchNorm layers of %s set from %d images of %s%nwrote %s%n", r.layers(), file,
                    r.images(), target, out);
            pw.flush();
        }
        return ScdaCommand.EXIT_OK;
    }
}
