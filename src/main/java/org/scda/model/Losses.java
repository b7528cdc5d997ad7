package org.scda.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import org.scda.ops.Scalars;

/** The detector's loss functions, written with differentiable NDArray operations. */
public final class Losses {
    private Losses() {
    }

    /**
     * Smooth-L1 (Huber) summed over all elements: {@code 0.5 d^2 / beta} below {@code beta},
     * {@code d - 0.5 beta} above, with {@code d = |pred - target|}.
     *
     * @param pred   any shape
     * @param target same shape as {@code pred}, no gradient needed
     * @return a scalar
     */
    public static NDArray smoothL1Sum(NDArray pred, NDArray target, float beta) {
        NDArray d = pred.sub(target).abs();
        NDArray quadratic = Scalars.mul(d.square(), 0.5f / beta);
        NDArray linear = d.sub(0.5f * beta);
        return NDArrays.where(d.lt(beta), quadratic, linear).sum();
    }

    /**
     * Binary cross-entropy on logits, averaged: {@code max(x,0) - x t + log(1 + exp(-|x|))}.
     *
     * @param logits  (S)
     * @param targets (S), values 0 or 1
     * @return a scalar
     */
    public static NDArray binaryCrossEntropyWithLogits(NDArray logits, NDArray targets) {
        return bceWithLogits(logits, targets).mean();
    }

    /**
     * Element-wise binary cross-entropy on logits in the overflow-safe form
     * {@code max(x, 0) - x t + log(1 + exp(-|x|))}: the one formula every BCE of the detector,
     * the mask head and the domain/adversarial losses uses.
     *
     * @param logits  any shape
     * @param targets same shape, in {@code [0, 1]}
     * @return same shape
     */
    public static NDArray bceWithLogits(NDArray logits, NDArray targets) {
        return Scalars.maximum(logits, 0f).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1f).log());
    }

    /**
     * As {@link #bceWithLogits(NDArray, NDArray)} against one label for every element.
     *
     * @param logits any shape
     * @param target the label, in {@code [0, 1]}
     * @return same shape
     */
    public static NDArray bceWithLogits(NDArray logits, float target) {
        return Scalars.maximum(logits, 0f).sub(Scalars.mul(logits, target)).add(logits.abs().neg().exp().add(1f).log());
    }

    /**
     * Softmax cross-entropy, averaged over rows.
     *
     * @param logits (R, K)
     * @param labels (R) class indexes as int64
     * @return a scalar
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbs = logits.logSoftmax(1);
        NDArray picked = logProbs.gather(labels.reshape(-1, 1), 1);
        return picked.neg().mean();
    }
}
