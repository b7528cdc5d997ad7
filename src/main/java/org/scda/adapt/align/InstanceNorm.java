package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Instance normalisation without affine parameters (as torch's {@code InstanceNorm2d} default):
 * each (sample, channel) map is normalised by its own mean and biased variance. DJL has no such
 * block; this one reshapes to {@code (N, C, H*W)} and reduces over the last axis.
 */
public final class InstanceNorm extends AbstractBlock {

    /** torch's default epsilon. */
    public static final float DEFAULT_EPS = 1e-5f;

    private final float eps;

    /** An instance norm with {@link #DEFAULT_EPS}. */
    public InstanceNorm() {
        this(DEFAULT_EPS);
    }

    /** An instance norm with the given epsilon added to the variance. */
    public InstanceNorm(float eps) {
        this.eps = eps;
    }

    /**
     * Normalises each (sample, channel) map.
     *
     * @param x {@code (N, C, H, W)}
     * @return {@code (N, C, H, W)}, zero mean and unit (biased) variance per map
     */
    public static NDArray normalize(NDArray x, float eps) {
        Shape shape = x.getShape();
        // Backward reads centred and the scale, never x nor the squares: closing the handles of
        // x's view and of the squares lets libtorch free them (x itself, a convolution's output in
        // the generators, once its own handle is closed), half of the layer's memory (issue 17).
        NDArray centred;
        try (NDArray flat = x.reshape(shape.get(0), shape.get(1), -1);
                NDArray mean = flat.mean(new int[] {2}, true)) {
            centred = flat.sub(mean);
        }
        NDArray var;
        try (NDArray squared = centred.square()) {
            var = squared.mean(new int[] {2}, true);
        }
        return centred.div(var.add(eps).sqrt()).reshape(shape);
    }

    /**
     * Forward.
     *
     * @param inputs one array {@code (N, C, H, W)}
     * @return one array {@code (N, C, H, W)}
     */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(normalize(inputs.singletonOrThrow(), eps));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes, DataType[] dataTypes) {
        return getOutputShapes(inputShapes);
    }
}
