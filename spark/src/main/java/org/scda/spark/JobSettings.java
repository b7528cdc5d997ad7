package org.scda.spark;

import java.nio.file.Path;
import java.util.Objects;
import org.scda.eval.Metric;

/**
 * What one detection job does. Immutable.
 *
 * @param model        a run directory (its best checkpoint) or a checkpoint file
 * @param images       the images
 * @param out          the output folder (a shared file system on a cluster)
 * @param groundTruth  COCO ground truth of the images (their ids by file name), or null
 * @param metric       the metric to evaluate with (needs {@code groundTruth}), or null
 * @param architecture the detector the checkpoint must be
 * @param partitions   partitions of the image list, or 0 for four per default parallelism
 * @param threads      libtorch threads of each task
 */
public record JobSettings(Path model, ImageSource images, Path out, Path groundTruth, Metric metric,
                          Architecture architecture, int partitions, int threads) {

    public JobSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(architecture, "architecture");
        if (metric != null && groundTruth == null) {
            throw new IllegalArgumentException("--metric needs --gt: the ground truth to evaluate against");
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("--partitions must be >= 0 (0: four per default parallelism), got " + partitions);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
    }

    /** The partitions for {@code images} images when {@code defaultParallelism} tasks run at once. */
    public int partitionsFor(int images, int defaultParallelism) {
        int wanted = partitions > 0 ? partitions : 4 * Math.max(1, defaultParallelism);
        return Math.max(1, Math.min(wanted, images));
    }
}
