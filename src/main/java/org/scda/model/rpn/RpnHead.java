package org.scda.model.rpn;

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
 * The RPN head: a 3x3 conv + ReLU shared trunk, then a 1x1 conv to one objectness logit per
 * anchor and a 1x1 conv to four box deltas per anchor. Weights start as N(0, 0.01), biases 0.
 *
 * <p>Forward: {@code features (1, C, H, W)} to {@code [objectness (1, A, H, W), deltas (1, 4A, H, W)]}.
 */
public final class RpnHead extends AbstractBlock {
    private final Conv2d conv;
    private final Conv2d objectness;
    private final Conv2d deltas;

    /**
     * @param channels            feature channels C (the trunk keeps them)
     * @param anchorsPerLocation  A
     */
    public RpnHead(int channels, int anchorsPerLocation) {
        conv = addChildBlock("conv", Conv2d.builder().setFilters(channels).setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1)).build());
        objectness = addChildBlock("objectness", Conv2d.builder().setFilters(anchorsPerLocation)
                .setKernelShape(new Shape(1, 1)).build());
        deltas = addChildBlock("deltas", Conv2d.builder().setFilters(4 * anchorsPerLocation)
                .setKernelShape(new Shape(1, 1)).build());
        setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray trunk = Activation.relu(conv.forward(ps, inputs, training).singletonOrThrow());
        NDList t = new NDList(trunk);
        return new NDList(objectness.forward(ps, t, training).singletonOrThrow(),
                deltas.forward(ps, t, training).singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape obj = objectness.getOutputShapes(conv.getOutputShapes(inputs))[0];
        Shape del = deltas.getOutputShapes(conv.getOutputShapes(inputs))[0];
        return new Shape[] {obj, del};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        Shape trunk = conv.getOutputShapes(inputShapes)[0];
        objectness.initialize(manager, dataType, trunk);
        deltas.initialize(manager, dataType, trunk);
    }
}
