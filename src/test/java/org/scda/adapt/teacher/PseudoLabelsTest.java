package org.scda.adapt.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scda.model.ImageTargets;
import org.scda.model.roi.ImageDetections;

/** A teacher's detections become pseudo-labels at or above the threshold, in order, with their classes. */
class PseudoLabelsTest {
    private static final ImageDetections DETECTIONS = new ImageDetections(
            new float[] {0, 0, 10, 10, 5, 5, 20, 30, 1, 2, 3, 4, 40, 40, 60, 80},
            new float[] {0.95f, 0.5f, 0.8f, 0.79f},
            new int[] {1, 2, 3, 2});

    @Test
    void keepsTheBoxesScoredAtLeastTheThresholdWithTheirClasses() {
        ImageTargets t = PseudoLabels.of(DETECTIONS, 0.8f);

        assertThat(t.labels()).containsExactly(1, 3);
        assertThat(t.boxes()).containsExactly(0, 0, 10, 10, 1, 2, 3, 4);
        assertThat(t.polygons()).isEmpty();
    }

    @Test
    void aLowerThresholdKeepsMoreAndAHigherOneNone() {
        assertThat(PseudoLabels.of(DETECTIONS, 0.5f).labels()).containsExactly(1, 2, 3, 2);
        ImageTargets none = PseudoLabels.of(DETECTIONS, 0.99f);
        assertThat(none.size()).isZero();
        assertThat(none.boxes()).isEmpty();
        assertThat(PseudoLabels.of(ImageDetections.empty(), 0.8f).size()).isZero();
    }

    @Test
    void aThresholdOutsideTheOpenUnitIntervalIsRefused() {
        assertThatThrownBy(() -> PseudoLabels.of(DETECTIONS, 1f)).hasMessageContaining("threshold must be in (0, 1)");
        assertThatThrownBy(() -> PseudoLabels.of(DETECTIONS, 0f)).hasMessageContaining("threshold must be in (0, 1)");
    }
}
