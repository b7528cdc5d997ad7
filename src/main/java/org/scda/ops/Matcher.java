package org.scda.ops;

import java.util.Arrays;

/**
 * Assigns to each prediction (anchor or proposal) the ground-truth box it overlaps most, with
 * torchvision's {@code Matcher} semantics: a best IoU {@code >= high} matches; {@code < low}
 * is {@link #BELOW_LOW_THRESHOLD}; in between is {@link #BETWEEN_THRESHOLDS}. With low-quality
 * matches allowed, every prediction that attains some ground truth's highest IoU (ties
 * included) keeps its best match even when below the thresholds, so every ground truth gets at
 * least one prediction (the RPN rule of Faster R-CNN).
 */
public final class Matcher {

    /** Best IoU below the low threshold (a negative). */
    public static final int BELOW_LOW_THRESHOLD = -1;
    /** Best IoU in {@code [low, high)} (ignored). */
    public static final int BETWEEN_THRESHOLDS = -2;

    private final float highThreshold;
    private final float lowThreshold;
    private final boolean allowLowQualityMatches;

    /**
     * @param highThreshold IoU at or above which a prediction is matched (e.g. 0.7 RPN, 0.5 head)
     * @param lowThreshold IoU below which a prediction is background (e.g. 0.3 RPN, 0.5 head)
     * @param allowLowQualityMatches keep the best predictions of each ground truth matched
     */
    public Matcher(float highThreshold, float lowThreshold, boolean allowLowQualityMatches) {
        if (lowThreshold > highThreshold) {
            throw new IllegalArgumentException("low threshold " + lowThreshold + " > high threshold " + highThreshold);
        }
        this.highThreshold = highThreshold;
        this.lowThreshold = lowThreshold;
        this.allowLowQualityMatches = allowLowQualityMatches;
    }

    /**
     * Matches predictions to ground truths.
     *
     * @param iou the (G, N) IoU matrix, {@code iou[g][n]} between ground truth g and prediction n
     * @return N entries: the matched ground-truth index in {@code [0, G)}, or
     *     {@link #BELOW_LOW_THRESHOLD} or {@link #BETWEEN_THRESHOLDS}. With G = 0 the number of
     *     predictions is unknown and the result is empty: use {@link #match(float[][], int)}.
     */
    public int[] match(float[][] iou) {
        int g = iou.length;
        if (g == 0) {
            return new int[0];
        }
        int n = iou[0].length;
        for (float[] row : iou) {
            if (row.length != n) {
                throw new IllegalArgumentException("IoU matrix rows differ in length");
            }
        }
        int[] matches = new int[n];
        int[] allMatches = new int[n];
        for (int j = 0; j < n; j++) {
            int best = 0;
            float bestVal = iou[0][j];
            for (int i = 1; i < g; i++) {
                if (iou[i][j] > bestVal) {
                    bestVal = iou[i][j];
                    best = i;
                }
            }
            allMatches[j] = best;
            if (bestVal < lowThreshold) {
                matches[j] = BELOW_LOW_THRESHOLD;
            } else if (bestVal < highThreshold) {
                matches[j] = BETWEEN_THRESHOLDS;
            } else {
                matches[j] = best;
            }
        }
        if (allowLowQualityMatches) {
            for (int i = 0; i < g; i++) {
                float highest = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    highest = Math.max(highest, iou[i][j]);
                }
                for (int j = 0; j < n; j++) {
                    if (iou[i][j] == highest) {
                        matches[j] = allMatches[j];
                    }
                }
            }
        }
        return matches;
    }

    /**
     * As {@link #match(float[][])} for a given number of predictions, so that an image without
     * ground truth (G = 0) still yields N background entries.
     *
     * @param iou the (G, N) IoU matrix
     * @param numPredictions N
     * @return N match entries
     */
    public int[] match(float[][] iou, int numPredictions) {
        if (iou.length == 0) {
            int[] all = new int[numPredictions];
            Arrays.fill(all, BELOW_LOW_THRESHOLD);
            return all;
        }
        return match(iou);
    }

    @Override
    public String toString() {
        return "Matcher[high=" + highThreshold + ", low=" + lowThreshold + ", lowQuality=" + allowLowQualityMatches + "]";
    }
}
