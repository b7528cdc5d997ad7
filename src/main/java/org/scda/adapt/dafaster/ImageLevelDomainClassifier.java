package org.scda.adapt.dafaster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * DA Faster R-CNN's image-level domain classifier: a fully convolutional patch classifier
 * that predicts the domain at every location of the backbone feature map. A 1x1 conv from C
 * to 512 channels, ReLU, and a 1x1 conv to one logit. Weights start as N(0, 0.001), biases 0
 * (as the reference port).
 *
 * <p>The block is the plain classifier: it must sit behind a gradient reversal layer so that
 * the backbone maximises the loss the classifier minimises; {@link DaFasterHeads} places it
 * there.
 *
 * <p>Forward: {@code features (N, C, H, W)} to {@code logits (N, 1, H, W)}; the loss is
 * {@link DomainLosses#binaryCrossEntropy} over all locations.
 */
public final class ImageLevelDomainClassifier extends AbstractBlock {
    /** Channels of the hidden 1x1 conv in the paper. */
    public static final int HIDDEN_CHANNELS = 512;

    private final Conv2d hidden;
    private final Conv2d logit;

    /** A classifier with the paper's 512 hidden channels; C is taken from the input. */
    public ImageLevelDomainClassifier() {
        hidden = addChildBlock("conv1_da", Conv2d.builder().setFilters(HIDDEN_CHANNELS)
                .setKernelShape(new Shape(1, 1)).build());
        logit = addChildBlock("conv2_da", Conv2d.builder().setFilters(1)
                .setKernelShape(new Shape(1, 1)).build());
        setInitializer(new NormalInitializer(0.001f), Parameter.Type.WEIGHT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = inputs.singletonOrThrow();
        if (features.getShape().dimension() != 4) {
            throw new IllegalArgumentException("features must be (N, C, H, W), got " + features.getShape());
        }
        NDArray h = Activation.relu(hidden.forward(ps, new NDList(features), training).singletonOrThrow());
        return logit.forward(ps, new NDList(h), training);
    }

    /**
     * Convenience for {@code forward(ps, new NDList(features), training)}.
     *
     * @param features (N, C, H, W)
     * @return logits (N, 1, H, W)
     */
    public NDArray logits(ParameterStore ps, NDArray features, boolean training) {
        return forward(ps, new NDList(features), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {new Shape(in.get(0), 1, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hidden.initialize(manager, dataType, inputShapes);
        logit.initialize(manager, dataType, hidden.getOutputShapes(inputShapes));
    }
}
