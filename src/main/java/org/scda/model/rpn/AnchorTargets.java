package org.scda.model.rpn;

import java.util.Random;
import org.scda.ops.BalancedSampler;
import org.scda.ops.BoxOps;
import org.scda.ops.Matcher;

/**
 * Labels anchors for the RPN loss and samples a balanced subset: IoU with the ground truth at
 * least {@code fgIou} (or the best anchor of a box, low-quality matches kept) is positive,
 * below {@code bgIou} negative, in between ignored; then {@code batchSize} anchors with at most
 * {@code positiveFraction} positives.
 */
public final class AnchorTargets {
    private final Matcher matcher;
    private final BalancedSampler sampler;

    public AnchorTargets(double fgIou, double bgIou, int batchSize, double positiveFraction) {
        this.matcher = new Matcher((float) fgIou, (float) bgIou, true);
        this.sampler = new BalancedSampler(batchSize, (float) positiveFraction);
    }

    /**
     * The sampled anchors of one image.
     *
     * @param positive     indexes of positive anchors
     * @param negative     indexes of negative anchors
     * @param matchedBoxes the ground-truth box of each positive anchor ({@code positive.length * 4})
     */
    public record Sample(int[] positive, int[] negative, float[] matchedBoxes) {
        /** Positives then negatives. */
        public int[] all() {
            int[] out = java.util.Arrays.copyOf(positive, positive.length + negative.length);
            System.arraycopy(negative, 0, out, positive.length, negative.length);
            return out;
        }
    }

    /**
     * @param anchors N*4 anchor boxes
     * @param gtBoxes G*4 ground-truth boxes (G may be 0: every anchor is negative)
     */
    public Sample assign(float[] anchors, float[] gtBoxes, Random random) {
        int n = anchors.length / 4;
        int[] labels = new int[n];
        int[] matches = new int[n];
        if (gtBoxes.length == 0) {
            java.util.Arrays.fill(matches, -1);
        } else {
            matches = matcher.match(BoxOps.iou(gtBoxes, anchors));
        }
        for (int i = 0; i < n; i++) {
            labels[i] = matches[i] >= 0 ? 1 : (matches[i] == -1 ? 0 : -1);
        }
        BalancedSampler.Sampled s = sampler.sample(labels, random);
        float[] matched = new float[s.positive().length * 4];
        for (int k = 0; k < s.positive().length; k++) {
            System.arraycopy(gtBoxes, 4 * matches[s.positive()[k]], matched, 4 * k, 4);
        }
        return new Sample(s.positive(), s.negative(), matched);
    }
}
