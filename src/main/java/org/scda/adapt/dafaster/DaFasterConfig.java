package org.scda.adapt.dafaster;

/**
 * Hyperparameters of the DA Faster R-CNN heads.
 *
 * <p>The paper's objective is {@code L = L_det + lambda (L_img + L_ins + L_cst)} with
 * {@code lambda = 0.1} and reversal layers that negate the gradient ({@code grlWeight = 1}):
 * these are the {@link #defaults()}. The maskrcnn-benchmark port (krumo) instead keeps the loss
 * weights at 1 and scales the reversed gradient by 0.1 ({@code lambda = 1, grlWeight = 0.1}):
 * the backbone then receives the same gradient, while the classifiers learn ten times faster.
 *
 * @param lambda    weight of each of the three domain losses in the total loss, {@code > 0}
 * @param grlWeight the reversal layers multiply the gradient reaching the backbone and the RoI
 *                  features by {@code -grlWeight}, {@code > 0}
 * @param dropout   dropout probability after the two hidden layers of the instance-level
 *                  classifier, in {@code [0, 1)} (0.5 in the paper)
 * @param seed      seed of the instance-level classifier's dropout masks
 */
public record DaFasterConfig(float lambda, float grlWeight, float dropout, long seed) {

    /** Paper value of {@link #lambda()}. */
    public static final float PAPER_LAMBDA = 0.1f;

    public DaFasterConfig {
        if (!(lambda > 0) || !Float.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a positive number, got " + lambda);
        }
        if (!(grlWeight > 0) || !Float.isFinite(grlWeight)) {
            throw new IllegalArgumentException("grlWeight must be a positive number, got " + grlWeight);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** lambda 0.1, reversal weight 1, dropout 0.5, seed 0. */
    public static DaFasterConfig defaults() {
        return new DaFasterConfig(PAPER_LAMBDA, 1f, 0.5f, 0L);
    }

    /** This configuration with another lambda. */
    public DaFasterConfig withLambda(float newLambda) {
        return new DaFasterConfig(newLambda, grlWeight, dropout, seed);
    }

    /** This configuration with another dropout seed. */
    public DaFasterConfig withSeed(long newSeed) {
        return new DaFasterConfig(lambda, grlWeight, dropout, newSeed);
    }

    /** This configuration with another reversal weight. */
    public DaFasterConfig withGrlWeight(float newGrlWeight) {
        return new DaFasterConfig(lambda, newGrlWeight, dropout, seed);
    }
}
