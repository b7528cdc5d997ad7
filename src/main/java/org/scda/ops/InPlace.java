package org.scda.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Overwrites an existing array's values in place (a parameter, a running statistic): use these
 * instead of DJL's {@code from.copyTo(into)} and {@code into.set(float[])}.
 *
 * <p>Why: on the PyTorch engine (DJL 0.36) both end in the native {@code torchSet}, which opens
 * a {@code torch::AutoNonVariableTypeMode} guard; libtorch 2.7 prints "Warning:
 * AutoNonVariableTypeMode is deprecated ..." on stderr the first time (issue 17). It also
 * re-points the tensor at a Java direct buffer instead of writing into the tensor's memory.
 * Here the write is libtorch's {@code index_put_} over the whole array ({@code into[...] =
 * from}), which copies the values bit for bit (NaN, -0.0, subnormals) into the tensor's own
 * memory and prints nothing. It is an ordinary in-place write for autograd: call it outside a
 * gradient collector, as scda does.
 */
public final class InPlace {
    private InPlace() {
    }

    /**
     * Sets {@code into}'s values to {@code from}'s.
     *
     * @throws IllegalArgumentException when the shapes differ
     */
    public static void copy(NDArray from, NDArray into) {
        if (!from.getShape().equals(into.getShape())) {
            throw new IllegalArgumentException("cannot copy an array of shape " + from.getShape()
                    + " into one of shape " + into.getShape());
        }
        into.set(new NDIndex("..."), from);
    }

    /** Sets every value of {@code into} to {@code +0}. */
    public static void zero(NDArray into) {
        // a Number argument would leave its 0-dim tensor in into's manager: one per call
        try (NDArray zero = into.getManager().zeros(new Shape(), into.getDataType())) {
            into.set(new NDIndex("..."), zero);
        }
    }
}
