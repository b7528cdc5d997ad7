package org.scda.adapt.adabn;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.scda.adapt.core.BatchNormAdaptation;
import org.scda.config.TrainConfig;
import org.scda.data.DetectionDataset;
import org.scda.data.transform.ImageTransform;
import org.scda.engine.Checkpoint;
import org.scda.engine.Checkpoints;
import org.scda.model.FasterRcnn;
import org.scda.util.ScdaException;

/** AdaBN on a detector in memory or in a checkpoint file (what {@code scda adabn}, the demo and {@link AdabnMethod} do). */
public final class AdabnCheckpoint {
    private AdabnCheckpoint() {
    }

    /**
     * Loads {@code model}, takes its BatchNorm statistics from the first {@code images} images of
     * {@code target} (all when 0) with a progress bar, and writes the result to {@code out}
     * (its metrics: only {@code adabn_images}; the source model's evaluations do not describe it).
     *
     * @throws ScdaException when {@code out} is the model's own checkpoint or the backbone has no BatchNorm
     */
    public static BatchNormAdaptation.Result write(Path model, DetectionDataset target, int images, Path out)
            throws IOException {
        Path file = Checkpoints.resolve(model);
        if (file.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new ScdaException("--out " + out + " is the model's own checkpoint; write the adapted one elsewhere");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoints.Loaded loaded = Checkpoints.load(file, manager);
            TrainConfig cfg = loaded.checkpoint().config();
            ImageTransform transform = new ImageTransform(cfg.model().input().shortSide(), cfg.model().input().maxSize());
            BatchNormAdaptation.Result r;
            try {
                r = adaptInPlace(loaded.model(), manager, target, images, transform);
            } catch (IllegalArgumentException e) {
                throw new ScdaException(file + ": " + e.getMessage(), e);
            }
            Checkpoint c = loaded.checkpoint();
            Checkpoints.save(out, new Checkpoint(c.config(), c.classNames(), c.iteration(), c.rngState(), c.optimizer(),
                    c.optimizerState(), Map.of("adabn_images", (double) r.images())), loaded.model());
            return r;
        }
    }

    /**
     * Takes {@code model}'s BatchNorm statistics from the first {@code images} images of
     * {@code target} (all when 0), read with {@code transform}, with a progress bar.
     *
     * @throws IllegalArgumentException when the backbone has no BatchNorm
     */
    public static BatchNormAdaptation.Result adaptInPlace(FasterRcnn model, NDManager manager, DetectionDataset target,
                                                          int images, ImageTransform transform) {
        return BatchNormAdaptation.adapt(model, manager, target, images, transform);
    }
}
