package org.scda.model.roi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RoiTargetsTest {

    @Test
    void appendsGroundTruthAndLabelsByIou() {
        float[] proposals = {
            0, 0, 10, 10,   // IoU 1 with gt 0 -> class 2
            0, 0, 10, 6,    // IoU 0.6 -> class 2
            0, 0, 10, 4,    // IoU 0.4 -> background
            50, 50, 70, 70  // IoU 0 -> background
        };
        float[] gt = {0, 0, 10, 10, 100, 100, 120, 130};
        int[] labels = {2, 1};
        RoiTargets.Sample s = new RoiTargets(0.5, 0.5, 128, 0.25).sample(proposals, gt, labels, new Random(0));
        // candidates: 4 proposals + 2 gt; fg: proposals 0,1 and both gt boxes; bg: proposals 2,3
        assertThat(s.size()).isEqualTo(6);
        assertThat(s.numPositive()).isEqualTo(4);
        for (int i = 0; i < s.size(); i++) {
            int c = s.candidates()[i];
            int expected = switch (c) {
                case 0, 1, 4 -> 2;
                case 5 -> 1;
                default -> 0;
            };
            assertThat(s.labels()[i]).as("label of candidate %d", c).isEqualTo(expected);
            if (i < s.numPositive()) {
                int g = c == 5 ? 1 : 0;
                for (int j = 0; j < 4; j++) {
                    assertThat(s.matchedBoxes()[4 * i + j]).isEqualTo(gt[4 * g + j]);
                }
            }
        }
        assertThat(s.candidates()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    @Test
    void recordsTheMatchedGroundTruthOfEachForegroundRoi() {
        float[] proposals = {
            102, 100, 120, 130, // IoU 0.9 with gt 1
            0, 0, 10, 7,        // IoU 0.7 with gt 0
            40, 40, 60, 60,     // overlaps gt 2 (41..61) -> IoU ~0.9
            200, 0, 220, 20     // nothing -> background
        };
        float[] gt = {0, 0, 10, 10, 100, 100, 120, 130, 41, 41, 61, 61};
        int[] labels = {1, 1, 2};
        RoiTargets.Sample s = new RoiTargets(0.5, 0.5, 128, 0.25).sample(proposals, gt, labels, new Random(4));
        int[] expectedGt = {1, 0, 2, -1, 0, 1, 2}; // by candidate: 4 proposals, then the 3 gt boxes
        assertThat(s.matchedGt()).hasSize(s.size());
        for (int i = 0; i < s.size(); i++) {
            assertThat(s.matchedGt()[i]).as("matched gt of candidate %d", s.candidates()[i])
                    .isEqualTo(expectedGt[s.candidates()[i]]);
        }
        assertThat(s.numPositive()).isEqualTo(6);
        assertThat(s.positiveMatchedGt()).containsExactlyInAnyOrder(1, 0, 2, 0, 1, 2);
        // the positive boxes line up with their matched instances
        for (int i = 0; i < s.numPositive(); i++) {
            int g = s.positiveMatchedGt()[i];
            assertThat(s.labels()[i]).isEqualTo(labels[g]);
            for (int j = 0; j < 4; j++) {
                assertThat(s.matchedBoxes()[4 * i + j]).isEqualTo(gt[4 * g + j]);
                assertThat(s.positiveBoxes()[4 * i + j]).isEqualTo(s.boxes()[4 * i + j]);
            }
        }
    }

    @Test
    void capsPositivesAtTheFraction() {
        float[] proposals = new float[4 * 40];
        for (int i = 0; i < 40; i++) {
            // 20 near-copies of the gt box, 20 far away
            float off = i < 20 ? i * 0.1f : 100 + i * 20;
            proposals[4 * i] = off;
            proposals[4 * i + 1] = 0;
            proposals[4 * i + 2] = off + 10;
            proposals[4 * i + 3] = 10;
        }
        RoiTargets.Sample s = new RoiTargets(0.5, 0.5, 16, 0.25).sample(proposals, new float[] {0, 0, 10, 10},
                new int[] {1}, new Random(1));
        assertThat(s.size()).isEqualTo(16);
        assertThat(s.numPositive()).isEqualTo(4);
        for (int i = 0; i < 16; i++) {
            assertThat(s.labels()[i]).isEqualTo(i < 4 ? 1 : 0);
        }
    }
}
