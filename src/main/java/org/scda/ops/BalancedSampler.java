package org.scda.ops;

import java.util.Arrays;
import java.util.Random;

/**
 * Samples a fixed-size training batch of positives and negatives, as torchvision's
 * {@code BalancedPositiveNegativeSampler}: at most {@code batchSizePerImage * positiveFraction}
 * positives, the rest of the batch negatives, fewer when there are not enough.
 */
public final class BalancedSampler {

    /**
     * Sampled indices, each array sorted ascending.
     *
     * @param positive indices of the sampled positives (label {@code >= 1})
     * @param negative indices of the sampled negatives (label 0)
     */
    public record Sampled(int[] positive, int[] negative) {
    }

    private final int batchSizePerImage;
    private final float positiveFraction;

    /**
     * @param batchSizePerImage total samples wanted per image (e.g. 256 anchors, 512 RoIs)
     * @param positiveFraction largest share of positives (e.g. 0.5 RPN, 0.25 head)
     */
    public BalancedSampler(int batchSizePerImage, float positiveFraction) {
        if (batchSizePerImage <= 0 || !(positiveFraction >= 0 && positiveFraction <= 1)) {
            throw new IllegalArgumentException("need batchSizePerImage > 0 and positiveFraction in [0,1], got "
                    + batchSizePerImage + ", " + positiveFraction);
        }
        this.batchSizePerImage = batchSizePerImage;
        this.positiveFraction = positiveFraction;
    }

    /**
     * Draws the batch.
     *
     * @param labels one entry per candidate: {@code >= 1} positive (e.g. a class id), 0
     *     negative, negative values ignored
     * @param rng source of randomness; the same seed gives the same sample
     * @return sampled indices into {@code labels}
     */
    public Sampled sample(int[] labels, Random rng) {
        int numPositive = 0;
        int numNegative = 0;
        for (int label : labels) {
            if (label >= 1) {
                numPositive++;
            } else if (label == 0) {
                numNegative++;
            }
        }
        int[] positive = new int[numPositive];
        int[] negative = new int[numNegative];
        int p = 0;
        int q = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 1) {
                positive[p++] = i;
            } else if (labels[i] == 0) {
                negative[q++] = i;
            }
        }
        int wantPositive = Math.min(numPositive, (int) (batchSizePerImage * positiveFraction));
        int wantNegative = Math.min(numNegative, batchSizePerImage - wantPositive);
        return new Sampled(choose(positive, wantPositive, rng), choose(negative, wantNegative, rng));
    }

    /** A uniformly random subset of size k (partial Fisher-Yates), sorted ascending. */
    private static int[] choose(int[] pool, int k, Random rng) {
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int[] chosen = Arrays.copyOf(pool, k);
        Arrays.sort(chosen);
        return chosen;
    }

    @Override
    public String toString() {
        return "BalancedSampler[batch=" + batchSizePerImage + ", positiveFraction=" + positiveFraction + "]";
    }
}
