package org.scda.model.rpn;

import org.scda.ops.BoxCoder;
import org.scda.ops.BoxOps;
import org.scda.ops.Nms;

/**
 * Turns RPN outputs into proposals: keep the {@code preNmsTopN} best anchors by objectness,
 * decode their deltas, clip to the image, drop boxes with a side below {@code minSize}, NMS at
 * {@code nmsThreshold}, keep {@code postNmsTopN}. Pure host arithmetic: no gradient flows through proposals.
 */
public final class ProposalGenerator {
    private final BoxCoder coder;
    private final int preNmsTopN;
    private final int postNmsTopN;
    private final float nmsThreshold;
    private final float minSize;

    public ProposalGenerator(BoxCoder coder, int preNmsTopN, int postNmsTopN, double nmsThreshold, double minSize) {
        this.coder = coder;
        this.preNmsTopN = preNmsTopN;
        this.postNmsTopN = postNmsTopN;
        this.nmsThreshold = (float) nmsThreshold;
        this.minSize = (float) minSize;
    }

    /**
     * @param logits  objectness logit per anchor (N)
     * @param deltas  box deltas per anchor, N*4
     * @param anchors N*4 anchors, same order
     * @param height  input image height
     * @param width   input image width
     */
    public Proposals generate(float[] logits, float[] deltas, float[] anchors, int height, int width) {
        int n = logits.length;
        int k = Math.min(preNmsTopN, n);
        int[] top = topK(logits, k);
        float[] topAnchors = new float[4 * k];
        float[] topDeltas = new float[4 * k];
        float[] topScores = new float[k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(anchors, 4 * top[i], topAnchors, 4 * i, 4);
            System.arraycopy(deltas, 4 * top[i], topDeltas, 4 * i, 4);
            topScores[i] = logits[top[i]];
        }
        float[] boxes = BoxOps.clip(coder.decode(topDeltas, topAnchors), height, width);
        int[] kept = BoxOps.removeSmall(boxes, minSize);
        float[] keptBoxes = new float[kept.length * 4];
        float[] keptScores = new float[kept.length];
        for (int i = 0; i < kept.length; i++) {
            System.arraycopy(boxes, 4 * kept[i], keptBoxes, 4 * i, 4);
            keptScores[i] = topScores[kept[i]];
        }
        int[] afterNms = Nms.nms(keptBoxes, keptScores, nmsThreshold);
        int m = Math.min(postNmsTopN, afterNms.length);
        float[] outBoxes = new float[4 * m];
        float[] outScores = new float[m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(keptBoxes, 4 * afterNms[i], outBoxes, 4 * i, 4);
            outScores[i] = sigmoid(keptScores[afterNms[i]]);
        }
        return new Proposals(outBoxes, outScores);
    }

    /** Indexes of the k largest values, largest first (ties by lower index). */
    static int[] topK(float[] values, int k) {
        // Sort (order-preserving key of -value, index) pairs packed in longs: no boxing.
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToIntBits(-values[i]);
            int sortable = bits >= 0 ? bits : bits ^ 0x7fffffff;
            keys[i] = ((long) sortable << 32) | i;
        }
        java.util.Arrays.sort(keys);
        int[] out = new int[Math.min(k, values.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) keys[i];
        }
        return out;
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
