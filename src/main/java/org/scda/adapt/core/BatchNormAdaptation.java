package org.scda.adapt.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.transform.ImageTransform;
import org.scda.engine.DetectorRunner;
import org.scda.util.ProgressBar;
import org.scda.data.transform.PreparedImage;
import org.scda.model.Backbones;
import org.scda.model.FasterRcnn;
import org.scda.ops.InPlace;

/**
 * AdaBN (Li et al., "Revisiting Batch Normalization For Practical Domain Adaptation", 2016):
 * replace the backbone's BatchNorm running statistics with the target domain's, with no
 * training and no labels. The detector normalises each training image with its own statistics
 * (batch of one), so the target statistics here are the average over target images of each
 * image's per-channel mean and variance, as the layers compute them in a training forward.
 *
 * <p>How: before each image every BatchNorm layer's running mean and variance are set to 0; a
 * training-mode forward of the backbone (no gradient) then leaves {@code (1 - m)} times the
 * image's statistics in them ({@link Backbones#BATCH_NORM_MOMENTUM}); these are summed, and the
 * layers end with the averages. A training forward normalises with the image's own statistics,
 * so what one layer sees does not depend on the running values being replaced.
 *
 * <p>It is the control that the adaptation tables need on a BatchNorm backbone: adapted runs
 * pass target images through BatchNorm in training mode, which moves the same statistics.
 */
public final class BatchNormAdaptation {

    private BatchNormAdaptation() {
    }

    /** What was adapted: the BatchNorm layers and the images averaged. */
    public record Result(int layers, int images) {
    }

    /** Sees each image's progress (e.g. a progress bar). */
    public interface Progress {
        void imageDone();
    }

    /** The BatchNorm layers of the model's backbone, in forward order. */
    public static List<BatchNorm> layers(FasterRcnn model) {
        List<BatchNorm> out = new ArrayList<>();
        collect(model.backbone().block(), out);
        return out;
    }

    private static void collect(Block block, List<BatchNorm> out) {
        if (block instanceof BatchNorm bn) {
            out.add(bn);
            return;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), out);
        }
    }

    /**
     * Sets the backbone's BatchNorm running statistics to the average of the images'.
     *
     * @param images   normalised target images, each {@code (1, 3, H, W)} when made; made one at a
     *                 time in a sub-manager of {@code manager}
     * @param progress called after each image (may be null)
     * @throws IllegalArgumentException when the backbone has no BatchNorm layer or there are no images
     */
    public static Result adapt(FasterRcnn model, NDManager manager, Iterable<PreparedImage> images,
                               Progress progress) {
        List<BatchNorm> layers = layers(model);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the " + model.backbone().name()
                    + " backbone has no BatchNorm layer: AdaBN has nothing to adapt");
        }
        List<NDArray[]> running = new ArrayList<>();
        List<double[][]> sums = new ArrayList<>();
        for (BatchNorm bn : layers) {
            NDArray mean = parameter(bn, "runningMean");
            NDArray var = parameter(bn, "runningVar");
            running.add(new NDArray[] {mean, var});
            sums.add(new double[][] {new double[(int) mean.size()], new double[(int) var.size()]});
        }
        ParameterStore store = new ParameterStore(manager, false);
        float keep = 1 - Backbones.BATCH_NORM_MOMENTUM;
        int count = 0;
        for (PreparedImage image : images) {
            try (NDManager scope = manager.newSubManager()) {
                for (NDArray[] r : running) {
                    for (NDArray a : r) {
                        InPlace.zero(a);
                    }
                }
                model.backbone().block().forward(store, new NDList(image.toNDArray(scope)), true).close();
                for (int l = 0; l < running.size(); l++) {
                    for (int k = 0; k < 2; k++) {
                        float[] v = running.get(l)[k].toFloatArray();
                        double[] sum = sums.get(l)[k];
                        for (int c = 0; c < v.length; c++) {
                            sum[c] += v[c] / keep;
                        }
                    }
                }
            }
            count++;
            if (progress != null) {
                progress.imageDone();
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no target images to take BatchNorm statistics from");
        }
        for (int l = 0; l < running.size(); l++) {
            for (int k = 0; k < 2; k++) {
                double[] sum = sums.get(l)[k];
                float[] mean = new float[sum.length];
                for (int c = 0; c < sum.length; c++) {
                    mean[c] = (float) (sum[c] / count);
                }
                NDArray a = running.get(l)[k];
                try (NDArray values = manager.create(mean, a.getShape())) {
                    InPlace.copy(values, a);
                }
            }
        }
        return new Result(layers.size(), count);
    }

    /**
     * Takes {@code model}'s BatchNorm statistics from the first {@code images} images of
     * {@code target} (all when 0), read with {@code transform}, with a progress bar.
     *
     * @throws IllegalArgumentException when the backbone has no BatchNorm
     */
    public static Result adapt(FasterRcnn model, NDManager manager, DetectionDataset target, int images,
                                ImageTransform transform) {
        DetectionDataset used = images > 0 ? target.limit(images) : target;
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
        try (ProgressBar bar = new ProgressBar("adabn", used.size())) {
            return adapt(model, manager, prepared, bar::step);
        }
    }

    /**
     * AdaBN as a moving average: moves each BatchNorm layer's running statistics towards one
     * image's, {@code running = keep * running + (1 - keep) * image's}, with the image's taken as
     * {@link #adapt} takes them (a training-mode forward of the backbone from zeroed running
     * values). No gradient is recorded when called outside a gradient collector or on a model
     * whose parameters need none.
     *
     * @param image normalised {@code (1, 3, H, W)}
     * @param keep  in [0, 1]
     * @return the BatchNorm layers moved (0: the backbone has none, nothing is run)
     */
    public static int blend(FasterRcnn model, NDManager manager, NDArray image, float keep) {
        if (!(keep >= 0 && keep <= 1)) {
            throw new IllegalArgumentException("keep must be in [0, 1], got " + keep);
        }
        List<BatchNorm> layers = layers(model);
        if (layers.isEmpty()) {
            return 0;
        }
        float fresh = (1 - keep) / (1 - Backbones.BATCH_NORM_MOMENTUM);
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray[]> pairs = new ArrayList<>();
            for (BatchNorm bn : layers) {
                for (String name : new String[] {"runningMean", "runningVar"}) {
                    NDArray running = parameter(bn, name);
                    NDArray old = running.duplicate();
                    old.attach(scope);
                    InPlace.zero(running);
                    pairs.add(new NDArray[] {running, old});
                }
            }
            model.backbone().block().forward(new ParameterStore(scope, false), new NDList(image), true).close();
            for (NDArray[] p : pairs) {
                p[0].muli(fresh).addi(p[1].muli(keep));
            }
        }
        return layers.size();
    }

    private static NDArray parameter(BatchNorm bn, String name) {
        Parameter p = bn.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException("BatchNorm layer without an initialised " + name);
        }
        return p.getArray();
    }
}
