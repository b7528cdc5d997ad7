package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NmsTest {

    private static final float[] BOXES = {
        0, 0, 10, 10, // 0 A
        1, 1, 11, 11, // 1 B: IoU(A,B) = 81/119 = 0.68
        20, 20, 30, 30, // 2 C: apart
        0, 0, 10, 10, // 3 D: copy of A, higher score
    };
    private static final float[] SCORES = {0.9f, 0.8f, 0.7f, 0.95f};

    @Test
    void suppressesOverlapsAboveThresholdInScoreOrder() {
        assertThat(Nms.nms(BOXES, SCORES, 0.5f)).containsExactly(3, 2);
        assertThat(Nms.nms(BOXES, SCORES, 0.7f)).containsExactly(3, 1, 2);
    }

    @Test
    void iouEqualToThresholdIsKept() {
        float[] boxes = {0, 0, 2, 1, 1, 0, 3, 1}; // IoU exactly 1/3
        float[] scores = {1f, 0.5f};
        assertThat(Nms.nms(boxes, scores, 1f / 3)).containsExactly(0, 1);
        assertThat(Nms.nms(boxes, scores, 0.33f)).containsExactly(0);
    }

    @Test
    void equalScoresKeepInputOrder() {
        float[] boxes = {0, 0, 1, 1, 5, 5, 6, 6, 9, 9, 10, 10};
        assertThat(Nms.nms(boxes, new float[] {0.5f, 0.5f, 0.5f}, 0.5f)).containsExactly(0, 1, 2);
    }

    @Test
    void negativeAndSignedZeroScoresOrderNumerically() {
        float[] boxes = {0, 0, 1, 1, 5, 5, 6, 6, 9, 9, 10, 10, 20, 20, 21, 21};
        float[] scores = {-0.5f, 0f, -0f, -3f};
        assertThat(Nms.nms(boxes, scores, 0.5f)).containsExactly(1, 2, 0, 3);
    }

    @Test
    void batchedNmsOnlySuppressesWithinAClass() {
        int[] classes = {0, 0, 1, 1};
        // A (class 0) survives because D is class 1; B is suppressed by A at 0.5
        assertThat(Nms.batchedNms(BOXES, SCORES, classes, 0.5f)).containsExactly(3, 0, 2);
    }

    @Test
    void emptyInputGivesNothing() {
        assertThat(Nms.nms(new float[0], new float[0], 0.5f)).isEmpty();
    }
}
