package org.scda.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

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
        NDArray quadratic = d.square().mul(0.5f / beta);
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
        NDArray loss = logits.maximum(0f).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1f).log());
        return loss.mean();
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
