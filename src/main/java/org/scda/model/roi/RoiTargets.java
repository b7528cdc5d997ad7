package org.scda.model.roi;

import java.util.Arrays;
import java.util.Random;
import org.scda.ops.BalancedSampler;
import org.scda.ops.BoxOps;
import org.scda.ops.Matcher;

/**
 * Chooses the RoIs the box head trains on: the ground-truth boxes are appended to the
 * proposals, each candidate takes the class of its best-overlapping box when the IoU is at
 * least {@code fgIou}, background (0) below {@code bgIou} and is ignored in between; then
 * {@code batchSize} RoIs with at most {@code positiveFraction} foreground are sampled.
 */
public final class RoiTargets {
    private final Matcher matcher;
    private final BalancedSampler sampler;

    public RoiTargets(double fgIou, double bgIou, int batchSize, double positiveFraction) {
        this.matcher = new Matcher((float) fgIou, (float) bgIou, false);
        this.sampler = new BalancedSampler(batchSize, (float) positiveFraction);
    }

    /**
     * The sampled RoIs of one image, foreground first.
     *
     * @param boxes        S*4 RoI boxes
     * @param labels       model class per RoI (0 background, c+1 for dataset class c)
     * @param matchedBoxes S*4 ground-truth box of each RoI (for background: its box itself)
     * @param numPositive  how many of the first RoIs are foreground
     * @param candidates   index of each RoI among the proposals followed by the ground-truth boxes
     * @param matchedGt    index into the ground truth of each RoI's matched instance (-1 for
     *                     background), so per-instance data such as mask polygons can be looked up
     */
    public record Sample(float[] boxes, int[] labels, float[] matchedBoxes, int numPositive, int[] candidates,
                         int[] matchedGt) {
        public int size() {
            return labels.length;
        }

        /** The matched ground-truth index of each of the {@link #numPositive()} foreground RoIs. */
        public int[] positiveMatchedGt() {
            return Arrays.copyOf(matchedGt, numPositive);
        }

        /** The model classes of the {@link #numPositive()} foreground RoIs. */
        public int[] positiveLabels() {
            return Arrays.copyOf(labels, numPositive);
        }

        /** The boxes of the foreground RoIs, {@code 4 * numPositive()} values. */
        public float[] positiveBoxes() {
            return Arrays.copyOf(boxes, 4 * numPositive);
        }
    }

    /**
     * @param proposals P*4 proposals
     * @param gtBoxes   G*4 ground truth (G may be 0)
     * @param gtLabels  model class (1..K) of each ground-truth box
     */
    public Sample sample(float[] proposals, float[] gtBoxes, int[] gtLabels, Random random) {
        float[] candidates = Arrays.copyOf(proposals, proposals.length + gtBoxes.length);
        System.arraycopy(gtBoxes, 0, candidates, proposals.length, gtBoxes.length);
        int n = candidates.length / 4;
        int[] matches = new int[n];
        if (gtBoxes.length == 0) {
            Arrays.fill(matches, -1);
        } else {
            matches = matcher.match(BoxOps.iou(gtBoxes, candidates));
        }
        int[] fg = new int[n];
        for (int i = 0; i < n; i++) {
            fg[i] = matches[i] >= 0 ? 1 : (matches[i] == -1 ? 0 : -1);
        }
        BalancedSampler.Sampled s = sampler.sample(fg, random);
        int p = s.positive().length;
        int total = p + s.negative().length;
        float[] boxes = new float[4 * total];
        int[] labels = new int[total];
        float[] matched = new float[4 * total];
        int[] source = new int[total];
        int[] matchedGt = new int[total];
        for (int k = 0; k < total; k++) {
            int i = k < p ? s.positive()[k] : s.negative()[k - p];
            System.arraycopy(candidates, 4 * i, boxes, 4 * k, 4);
            source[k] = i;
            if (k < p) {
                labels[k] = gtLabels[matches[i]];
                matchedGt[k] = matches[i];
                System.arraycopy(gtBoxes, 4 * matches[i], matched, 4 * k, 4);
            } else {
                System.arraycopy(candidates, 4 * i, matched, 4 * k, 4);
                matchedGt[k] = -1;
            }
        }
        return new Sample(boxes, labels, matched, p, source, matchedGt);
    }
}
