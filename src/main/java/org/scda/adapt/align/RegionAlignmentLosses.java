package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import org.scda.model.Losses;

/**
 * The losses of Eq. 1-5 as pure functions of logits, written as minimised binary
 * cross-entropies with logits ({@code -log sigmoid(x)} for "real", {@code -log(1 - sigmoid(x))}
 * for "fake"), computed stably as {@code max(x, 0) - x * z + log(1 + exp(-|x|))}.
 *
 * <p>Per-region losses are means over each region's logit map, shape {@code (K)}; a weighted
 * term is {@code mean_k(w_k * loss_k)}, and a {@code null} weight means all ones. The target
 * weights Wt must be passed detached: they are Dw's output, trained by Eq. 3 only.
 * <ul>
 *   <li>{@link #discriminatorLoss}: {@code L_adv,D} of one domain, real patches as real,
 *       generated ones as fake (Eq. 2 from the discriminator's side).</li>
 *   <li>{@link #realLoss}: logits that should look real: {@code L_adv,G} when a generator's own
 *       discriminator judges its output, and the cross-domain {@code L_adv,F} when the other
 *       domain's discriminator judges it (Dt on Gs(source), Ds on Gt(target)).</li>
 *   <li>{@link #estimatorLoss}: Eq. 3, source features = 1, target features = 0 (optionally
 *       soft labels).</li>
 *   <li>{@link #classLoss}: the four-way discriminator's cross-entropy against one class, for
 *       the shared pairing.</li>
 * </ul>
 */
public final class RegionAlignmentLosses {

    private RegionAlignmentLosses() {
    }

    /**
     * Element-wise binary cross-entropy with logits.
     *
     * @param logits any shape
     * @param targets same shape, in {@code [0, 1]}
     * @return same shape
     */
    public static NDArray bceWithLogits(NDArray logits, NDArray targets) {
        return Losses.bceWithLogits(logits, targets);
    }

    /**
     * Element-wise binary cross-entropy with logits against a constant label.
     *
     * @param logits any shape
     * @return same shape
     */
    public static NDArray bceWithLogits(NDArray logits, float target) {
        return Losses.bceWithLogits(logits, target);
    }

    /**
     * Per-region BCE against a constant label, averaged over everything but the first axis.
     *
     * @param logits {@code (K, ...)}
     * @return {@code (K)}
     */
    public static NDArray perRegion(NDArray logits, float target) {
        NDArray flat = logits.reshape(logits.getShape().get(0), -1);
        return bceWithLogits(flat, target).mean(new int[] {1});
    }

    /**
     * {@code mean_k(w_k * loss_k)}.
     *
     * @param perRegionLoss {@code (K)}
     * @param weights {@code (K)} or {@code null} for all ones
     * @return scalar
     */
    public static NDArray weightedMean(NDArray perRegionLoss, NDArray weights) {
        return weights == null ? perRegionLoss.mean() : perRegionLoss.mul(weights).mean();
    }

    /**
     * A discriminator's loss: real patches judged real, generated patches judged fake.
     *
     * @param realLogits {@code (K, 1, h, w)} on the real patches
     * @param fakeLogits {@code (K, 1, h, w)} on the generated patches (generator detached)
     * @param weights {@code (K)} region weights (Wt for the target domain) or {@code null}
     * @return scalar
     */
    public static NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits, NDArray weights) {
        return weightedPair(perRegion(realLogits, 1f), perRegion(fakeLogits, 0f), weights, WeightingTarget.WHOLE);
    }

    /**
     * As {@link #discriminatorLoss(NDArray, NDArray, NDArray)} with the weights acting on the
     * whole loss or on the generated-patch term only.
     */
    public static NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits, NDArray weights,
                                            WeightingTarget weightingTarget) {
        return weightedPair(perRegion(realLogits, 1f), perRegion(fakeLogits, 0f), weights, weightingTarget);
    }

    /**
     * A discriminator's two per-region terms combined: {@code mean_k(w_k (real_k + fake_k))}
     * ({@link WeightingTarget#WHOLE}) or {@code mean_k(real_k) + mean_k(w_k fake_k)}
     * ({@link WeightingTarget#FAKE}).
     *
     * @param realPerRegion {@code (K)} the loss on real patches
     * @param fakePerRegion {@code (K)} the loss on generated patches
     * @param weights {@code (K)} or {@code null} for all ones
     * @return scalar
     */
    public static NDArray weightedPair(NDArray realPerRegion, NDArray fakePerRegion, NDArray weights,
                                       WeightingTarget weightingTarget) {
        if (weights == null || weightingTarget == WeightingTarget.WHOLE) {
            return weightedMean(realPerRegion.add(fakePerRegion), weights);
        }
        return realPerRegion.mean().add(weightedMean(fakePerRegion, weights));
    }

    /**
     * Per-region cross-entropy of a multi-class logit map against one class, averaged over the
     * locations.
     *
     * @param logits {@code (K, C, h, w)}
     * @param target the class, in {@code [0, C)}
     * @return {@code (K)}
     */
    public static NDArray perRegionClass(NDArray logits, int target) {
        long classes = logits.getShape().get(1);
        if (target < 0 || target >= classes) {
            throw new IllegalArgumentException("class " + target + " of " + classes);
        }
        NDArray logProbabilities = logits.logSoftmax(1).get(":, " + target);
        return logProbabilities.reshape(logits.getShape().get(0), -1).mean(new int[] {1}).neg();
    }

    /**
     * {@code mean_k(w_k CE_k)}: a multi-class discriminator's loss for one class.
     *
     * @param logits {@code (K, C, h, w)}
     * @param weights {@code (K)} or {@code null}
     * @return scalar
     */
    public static NDArray classLoss(NDArray logits, int target, NDArray weights) {
        return weightedMean(perRegionClass(logits, target), weights);
    }

    /**
     * Loss of logits that should be judged real: a generator's loss (own domain's
     * discriminator) or the detector's cross-domain loss (the other domain's discriminator).
     *
     * @param fakeLogits {@code (K, ...)} a discriminator's logits on generated patches
     * @param weights {@code (K)} or {@code null}
     * @return scalar
     */
    public static NDArray realLoss(NDArray fakeLogits, NDArray weights) {
        return weightedMean(perRegion(fakeLogits, 1f), weights);
    }

    /**
     * Loss of logits that should be judged fake (used by the feature-level discriminator of the
     * without-generators ablation).
     *
     * @param logits {@code (K, ...)}
     * @param weights {@code (K)} or {@code null}
     * @return scalar
     */
    public static NDArray fakeLoss(NDArray logits, NDArray weights) {
        return weightedMean(perRegion(logits, 0f), weights);
    }

    /**
     * Eq. 3 with hard labels: source region features = 1, target = 0.
     *
     * @param sourceLogits {@code (K, m)} Dw on source features
     * @param targetLogits {@code (K, m)} Dw on target features
     * @return scalar: mean source BCE + mean target BCE
     */
    public static NDArray estimatorLoss(NDArray sourceLogits, NDArray targetLogits) {
        return bceWithLogits(sourceLogits, 1f).mean().add(bceWithLogits(targetLogits, 0f).mean());
    }

    /**
     * Eq. 3 with given (e.g. soft) labels.
     *
     * @param sourceLogits {@code (K, m)}
     * @param sourceLabels {@code (K, m)} in [0, 1], near 1
     * @param targetLogits {@code (K, m)}
     * @param targetLabels {@code (K, m)} in [0, 1], near 0
     * @return scalar
     */
    public static NDArray estimatorLoss(NDArray sourceLogits, NDArray sourceLabels, NDArray targetLogits,
                                        NDArray targetLabels) {
        return bceWithLogits(sourceLogits, sourceLabels).mean()
                .add(bceWithLogits(targetLogits, targetLabels).mean());
    }

    /**
     * Mean absolute error per region, weighted: the without-discriminators ablation.
     *
     * @param generated {@code (K, 3, S, S)}
     * @param real {@code (K, 3, S, S)}
     * @param weights {@code (K)} or {@code null}
     * @return scalar
     */
    public static NDArray reconstructionLoss(NDArray generated, NDArray real, NDArray weights) {
        NDArray diff = generated.sub(real).abs();
        return weightedMean(diff.reshape(diff.getShape().get(0), -1).mean(new int[] {1}), weights);
    }
}
