package org.scda.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Non-maximum suppression in plain Java, with torchvision's semantics: boxes are visited by
 * descending score (ties in input order), a box is kept unless an already kept box overlaps it
 * with IoU strictly greater than the threshold; coordinates are continuous (area is
 * {@code (x2-x1)*(y2-y1)}, no "+1"). Arithmetic is in {@code float} like torchvision's CPU kernel.
 */
public final class Nms {

    private Nms() {
    }

    /**
     * Suppresses overlapping boxes.
     *
     * @param boxes N boxes, flat {@code [x1,y1,x2,y2]*N} (length 4N)
     * @param scores N scores
     * @param iouThreshold boxes overlapping a kept box with IoU {@code >} this are dropped
     * @return indices of the kept boxes, sorted by descending score
     */
    public static int[] nms(float[] boxes, float[] scores, float iouThreshold) {
        checkSizes(boxes, scores);
        int[] order = orderByScoreDescending(scores, null);
        return nmsInOrder(boxes, order, iouThreshold);
    }

    /**
     * NMS done independently per class: boxes of different classes never suppress each other.
     *
     * @param boxes N boxes, flat (length 4N)
     * @param scores N scores
     * @param classes N class ids (any ints)
     * @param iouThreshold IoU above which a box of the same class is suppressed
     * @return indices of the kept boxes over all classes, sorted by descending score (ties by
     *     index)
     */
    public static int[] batchedNms(float[] boxes, float[] scores, int[] classes, float iouThreshold) {
        int n = checkSizes(boxes, scores);
        if (classes.length != n) {
            throw new IllegalArgumentException("classes has " + classes.length + " entries for " + n + " boxes");
        }
        int[] order = orderByScoreDescending(scores, null);
        Map<Integer, List<Integer>> orderPerClass = new HashMap<>();
        for (int i : order) {
            orderPerClass.computeIfAbsent(classes[i], k -> new ArrayList<>()).add(i);
        }
        boolean[] kept = new boolean[n];
        for (List<Integer> classOrder : orderPerClass.values()) {
            int[] o = classOrder.stream().mapToInt(Integer::intValue).toArray();
            for (int i : nmsInOrder(boxes, o, iouThreshold)) {
                kept[i] = true;
            }
        }
        return Arrays.stream(order).filter(i -> kept[i]).toArray();
    }

    private static int checkSizes(float[] boxes, float[] scores) {
        if (boxes.length != 4 * scores.length) {
            throw new IllegalArgumentException(
                    "boxes has " + boxes.length + " values, expected 4 x " + scores.length + " scores");
        }
        return scores.length;
    }

    /** Indices sorted by descending score, stable so equal scores keep their input order. */
    static int[] orderByScoreDescending(float[] scores, int[] subset) {
        int n = subset == null ? scores.length : subset.length;
        // Sort 64-bit keys: high half the score's order-preserving bits inverted, low half the index.
        long[] keys = new long[n];
        for (int k = 0; k < n; k++) {
            int i = subset == null ? k : subset[k];
            int bits = Float.floatToIntBits(scores[i] + 0.0f); // -0 sorts as +0
            int sortable = bits >= 0 ? bits : bits ^ 0x7fffffff;
            keys[k] = ((long) ~sortable << 32) | (i & 0xffffffffL);
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = (int) keys[k];
        }
        return order;
    }

    private static int[] nmsInOrder(float[] boxes, int[] order, float iouThreshold) {
        int n = order.length;
        boolean[] suppressed = new boolean[n];
        int[] keep = new int[n];
        int kept = 0;
        for (int a = 0; a < n; a++) {
            if (suppressed[a]) {
                continue;
            }
            int i = order[a];
            keep[kept++] = i;
            float ix1 = boxes[4 * i];
            float iy1 = boxes[4 * i + 1];
            float ix2 = boxes[4 * i + 2];
            float iy2 = boxes[4 * i + 3];
            float iarea = (ix2 - ix1) * (iy2 - iy1);
            for (int b = a + 1; b < n; b++) {
                if (suppressed[b]) {
                    continue;
                }
                int j = order[b];
                float xx1 = Math.max(ix1, boxes[4 * j]);
                float yy1 = Math.max(iy1, boxes[4 * j + 1]);
                float xx2 = Math.min(ix2, boxes[4 * j + 2]);
                float yy2 = Math.min(iy2, boxes[4 * j + 3]);
                float w = Math.max(0f, xx2 - xx1);
                float h = Math.max(0f, yy2 - yy1);
                float inter = w * h;
                float jarea = (boxes[4 * j + 2] - boxes[4 * j]) * (boxes[4 * j + 3] - boxes[4 * j + 1]);
                float ovr = inter / (iarea + jarea - inter);
                if (ovr > iouThreshold) {
                    suppressed[b] = true;
                }
            }
        }
        return Arrays.copyOf(keep, kept);
    }
}
