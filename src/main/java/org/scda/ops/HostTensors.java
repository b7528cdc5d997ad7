package org.scda.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Tensors made from host (Java) arrays that stay valid for autograd after the Java side lets go.
 *
 * <p>Why: DJL's PyTorch {@code NDManager.create(array)} wraps a direct Java buffer with
 * {@code from_blob}; the tensor does not own that memory. When such an array is closed right
 * after use (try-with-resources) but autograd saved it for backward (a gather index, a weight,
 * a sparse matrix), the buffer can be garbage-collected before {@code backward()} and the
 * gradient then reads freed memory: a crash ("index ... out of bounds") or, worse, silently
 * wrong gradients. A {@code duplicate()} is a libtorch-owned copy.
 */
public final class HostTensors {
    private HostTensors() {
    }

    /** A libtorch-owned int64 tensor of {@code shape} holding {@code values}. */
    public static NDArray longs(NDManager manager, long[] values, Shape shape) {
        try (NDArray borrowed = manager.create(values, shape)) {
            return borrowed.duplicate();
        }
    }

    /** A libtorch-owned int32 tensor of {@code shape} holding {@code values}. */
    public static NDArray ints(NDManager manager, int[] values, Shape shape) {
        try (NDArray borrowed = manager.create(values, shape)) {
            return borrowed.duplicate();
        }
    }

    /** A libtorch-owned float32 tensor of {@code shape} holding {@code values}. */
    public static NDArray floats(NDManager manager, float[] values, Shape shape) {
        try (NDArray borrowed = manager.create(values, shape)) {
            return borrowed.duplicate();
        }
    }
}
