package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatcherTest {

    /** Rows: ground truths; columns: predictions. */
    private static final float[][] IOU = {
        {0.9f, 0.4f, 0.1f, 0.2f, 0.65f},
        {0.1f, 0.6f, 0.2f, 0.25f, 0.5f},
        {0.05f, 0.05f, 0.2f, 0.2f, 0.0f},
    };

    @Test
    void thresholdsSplitMatchedIgnoredAndBackground() {
        int[] m = new Matcher(0.7f, 0.3f, false).match(IOU);
        // col0 0.9 >= high; col1 0.6 and col4 0.65 in between; col2, col3 below 0.3
        assertThat(m).containsExactly(0, Matcher.BETWEEN_THRESHOLDS, Matcher.BELOW_LOW_THRESHOLD,
                Matcher.BELOW_LOW_THRESHOLD, Matcher.BETWEEN_THRESHOLDS);
    }

    @Test
    void lowQualityMatchesGiveEveryGroundTruthItsBestPredictions() {
        int[] m = new Matcher(0.7f, 0.3f, true).match(IOU);
        // gt1's best is col1 (0.6); gt2's best is 0.2 at col2 and col3 (a tie: both), and
        // those columns get their own best ground truth, which is gt1 (first of the maxima),
        // exactly as torchvision 0.14 does.
        assertThat(m).containsExactly(0, 1, 1, 1, Matcher.BETWEEN_THRESHOLDS);
    }

    @Test
    void equalThresholdsHaveNoIgnoredBand() {
        int[] m = new Matcher(0.5f, 0.5f, false).match(new float[][] {{0.5f, 0.49f, 0.7f}});
        assertThat(m).containsExactly(0, Matcher.BELOW_LOW_THRESHOLD, 0);
    }

    @Test
    void noGroundTruthMeansAllBackground() {
        assertThat(new Matcher(0.7f, 0.3f, true).match(new float[0][], 3))
                .containsExactly(-1, -1, -1);
    }

    @Test
    void rejectsSwappedThresholds() {
        assertThatThrownBy(() -> new Matcher(0.3f, 0.7f, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
