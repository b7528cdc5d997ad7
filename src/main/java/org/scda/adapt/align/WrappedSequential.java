package org.scda.adapt.align;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A named block around one sequential network; subclasses document shapes and compute them. */
abstract class WrappedSequential extends AbstractBlock {

    protected final SequentialBlock net;

    WrappedSequential(SequentialBlock net) {
        this.net = addChildBlock("net", net);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        checkInput(inputs.singletonOrThrow().getShape());
        return net.forward(parameterStore, inputs, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes[0]);
        net.initialize(manager, dataType, inputShapes);
    }

    /** Throws {@link IllegalArgumentException} when the input shape does not fit this block. */
    abstract void checkInput(Shape input);
}
