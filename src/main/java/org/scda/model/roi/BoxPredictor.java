package org.scda.model.roi;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Class scores and class-specific box deltas from region features:
 * {@code (R, d)} to {@code [logits (R, K), deltas (R, 4K)]}, K = classes + background.
 * Weights start as N(0, 0.01) for scores and N(0, 0.001) for deltas, as in Faster R-CNN.
 */
public final class BoxPredictor extends AbstractBlock {
    private final Linear scores;
    private final Linear deltas;
    private final int numClasses;

    /** @param numClasses K, including background */
    public BoxPredictor(int numClasses) {
        this.numClasses = numClasses;
        scores = addChildBlock("cls_score", Linear.builder().setUnits(numClasses).build());
        deltas = addChildBlock("bbox_pred", Linear.builder().setUnits(4L * numClasses).build());
        scores.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        deltas.setInitializer(new NormalInitializer(0.001f), Parameter.Type.WEIGHT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(scores.forward(ps, inputs, training).singletonOrThrow(),
                deltas.forward(ps, inputs, training).singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long r = inputs[0].get(0);
        return new Shape[] {new Shape(r, numClasses), new Shape(r, 4L * numClasses)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        scores.initialize(manager, dataType, inputShapes);
        deltas.initialize(manager, dataType, inputShapes);
    }

    /** K, including background. */
    public int numClasses() {
        return numClasses;
    }
}
