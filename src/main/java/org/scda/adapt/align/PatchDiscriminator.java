package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.scda.model.ReleasingSequentialBlock;

/**
 * A patch discriminator Ds or Dt: a stride-2 conv3x3 from 3 to {@code baseChannels} (32),
 * {@code layers - 1} more stride-2 conv3x3 doubling the channels, each followed by LeakyReLU,
 * then a 1x1 conv to one logit per location (a PatchGAN-style logit map), or to one logit per
 * class and location for the four-way discriminator of the shared pairing ({@link Pairing#SHARED}).
 * The receptive field of a logit is {@code 2^(L+1) - 1} pixels square (3 for L = 1).
 *
 * <p>Default depth for a patch of side S: {@code max(1, log2(S) - 5)}, i.e. L = 2/3/4 for
 * 128/256/512 (the release's L, a 32x32 logit map) and L = 1 for 32 and 64.
 */
public final class PatchDiscriminator extends WrappedSequential {

    private final int layers;
    private final int outputs;

    private PatchDiscriminator(SequentialBlock net, int layers, int outputs) {
        super(net);
        this.layers = layers;
        this.outputs = outputs;
    }

    /**
     * A discriminator with the default depth for square patches of side {@code patchSize}.
     */
    public static PatchDiscriminator forPatchSize(int patchSize) {
        return create(defaultLayers(patchSize), 32, 0.2f);
    }

    /** The default number of stride-2 convs for a patch side. */
    public static int defaultLayers(int patchSize) {
        int log2 = 31 - Integer.numberOfLeadingZeros(Math.max(1, patchSize));
        return Math.max(1, log2 - 5);
    }

    /**
     * A discriminator with {@code layers} stride-2 convs starting at {@code baseChannels}.
     */
    public static PatchDiscriminator create(int layers, int baseChannels, float slope) {
        return create(layers, baseChannels, slope, 1);
    }

    /**
     * A discriminator with {@code outputs} logits per location (1: real vs generated; 4: the
     * shared pairing's source-real, source-fake, target-real, target-fake).
     */
    public static PatchDiscriminator create(int layers, int baseChannels, float slope, int outputs) {
        if (layers < 1 || baseChannels < 1 || outputs < 1) {
            throw new IllegalArgumentException("layers, base channels and outputs must be positive");
        }
        SequentialBlock net = new ReleasingSequentialBlock();
        int channels = baseChannels;
        for (int i = 0; i < layers; i++) {
            net.add(PatchGenerator.conv(channels, 3, 2));
            net.addSingleton(x -> Activation.leakyRelu(x, slope));
            channels *= 2;
        }
        net.add(PatchGenerator.conv(outputs, 1, 1));
        return new PatchDiscriminator(net, layers, outputs);
    }

    /** Number of stride-2 convs L. */
    public int layers() {
        return layers;
    }

    /** Logits per location: 1, or 4 for the four-way discriminator. */
    public int outputs() {
        return outputs;
    }

    /**
     * Judges patches.
     *
     * @param patches {@code (K, 3, H, W)}
     * @return logits {@code (K, outputs, ceil(H / 2^L), ceil(W / 2^L))}; with one output, positive = real
     */
    public NDArray judge(ParameterStore parameterStore, NDArray patches, boolean training) {
        return forward(parameterStore, new NDList(patches), training).singletonOrThrow();
    }

    /**
     * Output shapes.
     *
     * @param inputShapes {@code [(K, 3, H, W)]}
     * @return {@code [(K, outputs, ceil(H / 2^L), ceil(W / 2^L))]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long h = inputShapes[0].get(2);
        long w = inputShapes[0].get(3);
        for (int i = 0; i < layers; i++) {
            h = (h + 1) / 2;
            w = (w + 1) / 2;
        }
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs, h, w)};
    }

    @Override
    void checkInput(Shape input) {
        if (input.dimension() != 4 || input.get(1) != 3) {
            throw new IllegalArgumentException("discriminator expects (K, 3, H, W), got " + input);
        }
    }
}
