package org.scda.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Two fully connected layers with ReLU on the flattened pooled RoIs ({@code fc6}, {@code fc7}):
 * {@code (R, C, S, S)} to the region features {@code (R, d)}.
 */
public final class BoxHead extends AbstractBlock {
    private final Linear fc6;
    private final Linear fc7;
    private final int dim;

    public BoxHead(int dim) {
        this.dim = dim;
        fc6 = addChildBlock("fc6", Linear.builder().setUnits(dim).build());
        fc7 = addChildBlock("fc7", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        x = x.reshape(x.getShape().get(0), -1);
        x = Activation.relu(fc6.forward(ps, new NDList(x), training).singletonOrThrow());
        x = Activation.relu(fc7.forward(ps, new NDList(x), training).singletonOrThrow());
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape flat = new Shape(in.get(0), in.size() / in.get(0));
        fc6.initialize(manager, dataType, flat);
        fc7.initialize(manager, dataType, new Shape(in.get(0), dim));
    }

    /** The region feature dimension d. */
    public int dim() {
        return dim;
    }
}
