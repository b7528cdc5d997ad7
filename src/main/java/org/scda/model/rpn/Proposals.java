package org.scda.model.rpn;

/**
 * Region proposals of one image, best first.
 *
 * @param boxes      {@code x1,y1,x2,y2} per proposal in input pixels (P*4)
 * @param objectness sigmoid of the objectness logit per proposal (P), descending
 */
public record Proposals(float[] boxes, float[] objectness) {

    public Proposals {
        if (boxes.length != 4 * objectness.length) {
            throw new IllegalArgumentException("boxes " + boxes.length + " != 4 x scores " + objectness.length);
        }
    }

    public int size() {
        return objectness.length;
    }

    /** The first {@code n} proposals (all when fewer). */
    public Proposals top(int n) {
        int k = Math.min(n, size());
        return new Proposals(java.util.Arrays.copyOf(boxes, 4 * k), java.util.Arrays.copyOf(objectness, k));
    }
}
