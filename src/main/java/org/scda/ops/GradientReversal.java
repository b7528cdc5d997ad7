package org.scda.ops;

import ai.djl.ndarray.NDArray;

/**
 * The gradient reversal layer of domain-adversarial training (Ganin and Lempitsky 2015):
 * identity forward, gradient multiplied by {@code -lambda} backward. Built from autograd-aware
 * NDArray operations, no custom backward: with {@code y = -lambda x} the result is
 * {@code stop(x) + (y - stop(y))}, which is exactly {@code x} forward (the bracket is an exact
 * zero) and whose gradient w.r.t. {@code x} is {@code -lambda}.
 */
public final class GradientReversal {

    private GradientReversal() {
    }

    /**
     * Applies the layer.
     *
     * @param x any shape
     * @param lambda the reversal strength; the gradient reaching {@code x} is {@code -lambda}
     *     times the upstream gradient
     * @return an array equal to {@code x}, same shape
     */
    public static NDArray apply(NDArray x, float lambda) {
        NDArray reversed = Scalars.mul(x, -lambda);
        return x.stopGradient().add(reversed.sub(reversed.stopGradient()));
    }
}
