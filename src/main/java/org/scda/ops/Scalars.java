package org.scda.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic of an array with a Java number, safe for autograd: use these instead of DJL's
 * {@code x.mul(2f)}, {@code div}, {@code maximum}, {@code minimum} with a number.
 *
 * <p>Why: on the PyTorch engine (DJL 0.36) {@code x.mul(number)} makes the number a 0-dim tensor
 * with {@code from_blob} over a direct Java buffer, applies the op, and closes that tensor at
 * once, which lets the buffer be garbage-collected and its memory freed. Autograd saves the
 * number's tensor for backward ({@code mul}: {@code grad * other}; {@code div}:
 * {@code grad / other}; {@code maximum}/{@code minimum}: the tie mask), so a collection
 * between forward and backward made backward read freed memory: the gradient scaled by garbage
 * (1e19-1e24 was seen in the RPN box deltas), a step skipped as non-finite, or two runs of one
 * seed apart, depending on when the collector ran. Here the number is a tensor libtorch
 * allocates itself ({@code torch::full}), which the saved reference keeps alive.
 *
 * <p>The result is the same as DJL's: a float32 0-dim tensor combines with an array of any
 * dtype exactly as the 0-dim tensor DJL makes from a {@code float} (an {@code int} argument
 * widens to float, which for the counts passed here is exact).
 */
public final class Scalars {
    private Scalars() {
    }

    /** {@code x * value}. */
    public static NDArray mul(NDArray x, float value) {
        try (NDArray s = scalar(x, value)) {
            return x.mul(s);
        }
    }

    /** {@code x / value}. */
    public static NDArray div(NDArray x, float value) {
        try (NDArray s = scalar(x, value)) {
            return x.div(s);
        }
    }

    /** Element-wise {@code max(x, value)}. */
    public static NDArray maximum(NDArray x, float value) {
        try (NDArray s = scalar(x, value)) {
            return x.maximum(s);
        }
    }

    /** Element-wise {@code min(x, value)}. */
    public static NDArray minimum(NDArray x, float value) {
        try (NDArray s = scalar(x, value)) {
            return x.minimum(s);
        }
    }

    /** A float32 0-dim tensor holding {@code value}, allocated by the engine, in {@code like}'s manager. */
    private static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, DataType.FLOAT32);
    }
}
