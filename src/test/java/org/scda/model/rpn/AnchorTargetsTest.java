package org.scda.model.rpn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnchorTargetsTest {

    /** Five anchors against one box [0,0,10,10]: IoU 1, 0.81, 0.5 (ignored), 0.0, 0.0. */
    private static final float[] ANCHORS = {
        0, 0, 10, 10,
        0, 0, 9, 9,
        0, 0, 10, 5,
        20, 20, 30, 30,
        40, 40, 50, 50};
    private static final float[] GT = {0, 0, 10, 10};

    @Test
    void labelsByIouThresholds() {
        AnchorTargets.Sample s = new AnchorTargets(0.7, 0.3, 256, 0.5).assign(ANCHORS, GT, new Random(0));
        assertThat(Arrays.stream(s.positive()).sorted().toArray()).containsExactly(0, 1);
        assertThat(Arrays.stream(s.negative()).sorted().toArray()).containsExactly(3, 4);
        assertThat(s.matchedBoxes()).containsExactly(0, 0, 10, 10, 0, 0, 10, 10);
    }

    @Test
    void lowQualityMatchKeepsTheBestAnchorOfEveryBox() {
        float[] gt = {0, 0, 10, 10, 19, 19, 27, 27};
        AnchorTargets.Sample s = new AnchorTargets(0.7, 0.3, 256, 0.5).assign(ANCHORS, gt, new Random(0));
        // The second box overlaps anchor 3 with IoU 49/109 < 0.7, still its best: positive.
        assertThat(Arrays.stream(s.positive()).sorted().toArray()).containsExactly(0, 1, 3);
        int k = java.util.stream.IntStream.range(0, s.positive().length).filter(i -> s.positive()[i] == 3).findFirst().orElseThrow();
        assertThat(Arrays.copyOfRange(s.matchedBoxes(), 4 * k, 4 * k + 4)).containsExactly(19, 19, 27, 27);
    }

    @Test
    void samplesAtMostTheBatchWithThePositiveFraction() {
        float[] anchors = new float[4 * 400];
        for (int i = 0; i < 400; i++) {
            float x = (i % 20) * 10;
            float y = (i / 20) * 10;
            anchors[4 * i] = x;
            anchors[4 * i + 1] = y;
            anchors[4 * i + 2] = x + 10;
            anchors[4 * i + 3] = y + 10;
        }
        float[] gt = new float[4 * 100];
        for (int i = 0; i < 100; i++) {
            System.arraycopy(anchors, 4 * i, gt, 4 * i, 4);
        }
        AnchorTargets.Sample s = new AnchorTargets(0.7, 0.3, 64, 0.5).assign(anchors, gt, new Random(3));
        assertThat(s.positive()).hasSize(32);
        assertThat(s.negative()).hasSize(32);
        assertThat(s.all()).doesNotHaveDuplicates();
    }

    @Test
    void withoutGroundTruthEveryAnchorIsNegative() {
        AnchorTargets.Sample s = new AnchorTargets(0.7, 0.3, 4, 0.5).assign(ANCHORS, new float[0], new Random(0));
        assertThat(s.positive()).isEmpty();
        assertThat(s.negative()).hasSize(4);
    }
}
