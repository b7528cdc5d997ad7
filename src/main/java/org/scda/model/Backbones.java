package org.scda.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import org.scda.util.ScdaException;

/**
 * Builds the backbones by name. No string-to-class registry: one switch, one method each.
 */
public final class Backbones {
    /**
     * DJL's BatchNorm momentum of every BatchNorm layer here: a training forward updates the
     * running statistics as {@code running = m running + (1 - m) batch}.
     */
    public static final float BATCH_NORM_MOMENTUM = 0.9f;

    /** VGG16's conv layers; -1 is a 2x2 max-pool. The fifth pool is left out (stride 16). */
    private static final int[] VGG16 = {64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512};

    private Backbones() {
    }

    /**
     * @param name  {@code small}, {@code small-nobn}, {@code vgg16} or {@code vgg16-bn}
     * @param width first-layer width of {@code small} (ignored by VGG)
     */
    public static Backbone create(String name, int width) {
        return switch (name) {
            case "small" -> small(width, true);
            case "small-nobn" -> small(width, false);
            case "vgg16" -> vgg16(false);
            case "vgg16-bn" -> vgg16(true);
            default -> throw new ScdaException("unknown backbone '" + name
                    + "': use small, small-nobn, vgg16 or vgg16-bn");
        };
    }

    /**
     * The CPU default: stride 8, six 3x3 conv + BatchNorm + ReLU layers of widths
     * w, 2w | 4w, 4w | 4w, 4w (| marks a 2x2 max-pool; the first conv has stride 2).
     * Output channels 4w.
     */
    public static Backbone small(int width) {
        return small(width, true);
    }

    /**
     * {@link #small(int)}, or without BatchNorm ({@code small-nobn}: conv with bias + ReLU, like
     * the paper's VGG16), so that target images passing the backbone in training mode cannot
     * change it through running statistics: adaptation then acts through its losses alone.
     */
    public static Backbone small(int width, boolean batchNorm) {
        if (width <= 0) {
            throw new IllegalArgumentException("backbone width must be positive, got " + width);
        }
        SequentialBlock b = new ReleasingSequentialBlock();
        convBnRelu(b, width, 2, batchNorm, false);
        convBnRelu(b, 2 * width, 1, batchNorm, false);
        b.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), true));
        convBnRelu(b, 4 * width, 1, batchNorm, false);
        convBnRelu(b, 4 * width, 1, batchNorm, false);
        b.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), true));
        convBnRelu(b, 4 * width, 1, batchNorm, false);
        convBnRelu(b, 4 * width, 1, batchNorm, false);
        return new SimpleBackbone(batchNorm ? "small" : "small-nobn", b, 4 * width, 8);
    }

    /**
     * VGG16 conv1_1..conv5_3 (torchvision's {@code vgg16().features} without its last
     * max-pool), stride 16, 512 channels; with BatchNorm after every conv for {@code vgg16-bn}.
     * Parameter order matches torchvision's state dict, so exported weights load in order.
     */
    public static Backbone vgg16(boolean batchNorm) {
        SequentialBlock b = new ReleasingSequentialBlock();
        for (int c : VGG16) {
            if (c < 0) {
                b.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            } else {
                convBnRelu(b, c, 1, batchNorm, true);
            }
        }
        return new SimpleBackbone(batchNorm ? "vgg16-bn" : "vgg16", b, 512, 16);
    }

    private static void convBnRelu(SequentialBlock b, int channels, int stride, boolean batchNorm, boolean bias) {
        b.add(Conv2d.builder()
                .setFilters(channels)
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1))
                .optBias(bias || !batchNorm)
                .build());
        if (batchNorm) {
            b.add(BatchNorm.builder().optMomentum(BATCH_NORM_MOMENTUM).optEpsilon(1e-5f).build());
        }
        b.add(Activation.reluBlock());
    }

    private record SimpleBackbone(String name, Block block, int outChannels, int stride) implements Backbone {
    }
}
