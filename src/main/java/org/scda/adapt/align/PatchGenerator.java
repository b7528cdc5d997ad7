package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.scda.model.ReleasingSequentialBlock;

/**
 * A patch generator Gs or Gt: turns each region's m features of d dimensions into an image
 * patch, as in the authors' release.
 *
 * <p>Layout: each d-dim feature becomes a {@code mapHeight x mapWidth} map and the m features
 * are the channels: {@code (K, m, d) -> (K, m, mh, mw)}. When d equals {@code mh * mw} this is a
 * plain reshape (the release: 4096 = 64 x 64); otherwise a shared Linear {@code d -> mh * mw}
 * projects each feature first. Then {@code residualBlocks} residual blocks (conv3x3, instance
 * norm, LeakyReLU, conv3x3, instance norm, plus the input), then {@code stages} = L-1 stages
 * of bilinear x2 upsampling + conv3x3 + instance norm + LeakyReLU, each halving the channels
 * (never below {@code min(minChannels, m)}), then a 1x1 conv to 3 channels and tanh (the real
 * patches are normalised to [-1, 1]). The depth follows from the sizes:
 * {@code patch = map * 2^stages}.
 *
 * <p>Default map for a square patch of side S: {@code sqrt(d)} if d is a square and
 * {@code S / sqrt(d)} is a power of two (no projection); else the largest {@code q = S / 2^j}
 * with {@code q * q <= d}, reached by the projection. Example: d=4096, S=512: 64x64, 3 stages
 * (L=4); d=256, S=64: 16x16, 2 stages; d=512, S=64: Linear 512 -> 256, 16x16, 2 stages.
 */
public final class PatchGenerator extends WrappedSequential {

    private final int featureDim;
    private final int featuresPerRegion;
    private final int patchHeight;
    private final int patchWidth;
    private final int mapHeight;
    private final int mapWidth;
    private final int stages;
    private final boolean projected;

    private PatchGenerator(Builder b, SequentialBlock net, int stages, boolean projected) {
        super(net);
        this.featureDim = b.featureDim;
        this.featuresPerRegion = b.featuresPerRegion;
        this.patchHeight = b.patchHeight;
        this.patchWidth = b.patchWidth;
        this.mapHeight = b.mapHeight;
        this.mapWidth = b.mapWidth;
        this.stages = stages;
        this.projected = projected;
    }

    /** A builder; feature dimension, features per region and patch size are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of upsampling stages (L - 1). */
    public int stages() {
        return stages;
    }

    /** True when a Linear projects each feature to the map size before the reshape. */
    public boolean isProjected() {
        return projected;
    }

    /** {@code {mapHeight, mapWidth}}: the map each feature is reshaped to. */
    public int[] mapSize() {
        return new int[] {mapHeight, mapWidth};
    }

    /**
     * Output shapes.
     *
     * @param inputShapes {@code [(K, m, d)]}
     * @return {@code [(K, 3, patchHeight, patchWidth)]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 3, patchHeight, patchWidth)};
    }

    /**
     * Generates the patches.
     *
     * @param features {@code (K, m, d)} region features
     * @return {@code (K, 3, patchHeight, patchWidth)} in {@code [-1, 1]}
     */
    public NDArray generate(ParameterStore parameterStore, NDArray features, boolean training) {
        return forward(parameterStore, new NDList(features), training).singletonOrThrow();
    }

    @Override
    void checkInput(Shape input) {
        if (input.dimension() != 3 || input.get(1) != featuresPerRegion || input.get(2) != featureDim) {
            throw new IllegalArgumentException("generator expects (K, " + featuresPerRegion + ", " + featureDim
                    + "), got " + input);
        }
    }

    /** Builds a {@link PatchGenerator}. */
    public static final class Builder {
        private int featureDim;
        private int featuresPerRegion;
        private int patchHeight;
        private int patchWidth;
        private int mapHeight;
        private int mapWidth;
        private int residualBlocks = 3;
        private int minChannels = 8;
        private float slope = 0.2f;

        private Builder() {
        }

        /** Required: d, the RoI feature dimension. */
        public Builder setFeatureDim(int d) {
            this.featureDim = d;
            return this;
        }

        /** Required: m, the number of features per region (the input channels). */
        public Builder setFeaturesPerRegion(int m) {
            this.featuresPerRegion = m;
            return this;
        }

        /** Required (or {@link #setPatchSize(int, int)}): the side S of the square patch. */
        public Builder setPatchSize(int size) {
            return setPatchSize(size, size);
        }

        /** A rectangular patch (e.g. a whole image for the global ablation). */
        public Builder setPatchSize(int height, int width) {
            this.patchHeight = height;
            this.patchWidth = width;
            return this;
        }

        /** The map each feature is reshaped to; default described in the class Javadoc. */
        public Builder optMapSize(int height, int width) {
            this.mapHeight = height;
            this.mapWidth = width;
            return this;
        }

        /** Residual blocks before upsampling, default 3 (the release). */
        public Builder optResidualBlocks(int n) {
            this.residualBlocks = n;
            return this;
        }

        /** Channel floor of the halving stages, default 8. */
        public Builder optMinChannels(int c) {
            this.minChannels = c;
            return this;
        }

        /** LeakyReLU slope, default 0.2. */
        public Builder optSlope(float s) {
            this.slope = s;
            return this;
        }

        /** Validates and builds. */
        public PatchGenerator build() {
            if (featureDim < 1 || featuresPerRegion < 1 || patchHeight < 1 || patchWidth < 1) {
                throw new IllegalArgumentException("set feature dim, features per region and patch size (got d="
                        + featureDim + " m=" + featuresPerRegion + " patch=" + patchHeight + "x" + patchWidth + ")");
            }
            if (mapHeight == 0 && mapWidth == 0) {
                if (patchHeight != patchWidth) {
                    throw new IllegalArgumentException("a rectangular patch needs optMapSize");
                }
                int q = defaultMapSide(featureDim, patchHeight);
                mapHeight = q;
                mapWidth = q;
            }
            int ratioH = patchHeight / mapHeight;
            int ratioW = patchWidth / mapWidth;
            if (patchHeight % mapHeight != 0 || patchWidth % mapWidth != 0 || ratioH != ratioW
                    || Integer.bitCount(ratioH) != 1) {
                throw new IllegalArgumentException("patch " + patchHeight + "x" + patchWidth + " is not map "
                        + mapHeight + "x" + mapWidth + " times a power of two");
            }
            int stages = Integer.numberOfTrailingZeros(ratioH);
            boolean projected = featureDim != mapHeight * mapWidth;
            SequentialBlock net = new ReleasingSequentialBlock();
            if (projected) {
                net.add(Linear.builder().setUnits((long) mapHeight * mapWidth).build());
            }
            int mh = mapHeight;
            int mw = mapWidth;
            net.addSingleton(x -> x.reshape(x.getShape().get(0), x.getShape().get(1), mh, mw), "toMaps");
            int channels = featuresPerRegion;
            for (int i = 0; i < residualBlocks; i++) {
                net.add(residualBlock(channels, slope));
            }
            int h = mapHeight;
            int w = mapWidth;
            for (int s = 0; s < stages; s++) {
                h *= 2;
                w *= 2;
                int th = h;
                int tw = w;
                channels = Math.max(Math.min(minChannels, channels), channels / 2);
                net.addSingleton(x -> x.getNDArrayInternal().interpolation(new long[] {th, tw}, 1, false),
                        "upsample" + s);
                net.add(conv(channels, 3, 1));
                net.add(new InstanceNorm());
                float sl = slope;
                net.addSingleton(x -> Activation.leakyRelu(x, sl));
            }
            net.add(conv(3, 1, 1));
            net.addSingleton(NDArray::tanh);
            return new PatchGenerator(this, net, stages, projected);
        }

        static int defaultMapSide(int d, int side) {
            int root = (int) Math.round(Math.sqrt(d));
            if (root * root == d && side % root == 0 && Integer.bitCount(side / root) == 1) {
                return root;
            }
            int q = side;
            while (q % 2 == 0 && (long) q * q > d) {
                q /= 2;
            }
            if ((long) q * q > d) {
                throw new IllegalArgumentException("no map size S/2^j with square <= d for S=" + side + " d=" + d);
            }
            return q;
        }

        private static Block residualBlock(int channels, float slope) {
            SequentialBlock body = new ReleasingSequentialBlock()
                    .add(conv(channels, 3, 1))
                    .add(new InstanceNorm())
                    .addSingleton(x -> Activation.leakyRelu(x, slope))
                    .add(conv(channels, 3, 1))
                    .add(new InstanceNorm());
            return new ParallelBlock(
                    list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                    Arrays.asList(body, Blocks.identityBlock()));
        }
    }

    static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .build();
    }

    @Override
    public String toString() {
        return "PatchGenerator(d=" + featureDim + ", m=" + featuresPerRegion + ", map=" + mapHeight + "x" + mapWidth
                + (projected ? " via Linear" : "") + ", stages=" + stages + ", patch=" + patchHeight + "x"
                + patchWidth + ")";
    }
}
