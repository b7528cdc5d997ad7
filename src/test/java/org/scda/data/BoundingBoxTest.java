package org.scda.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoundingBoxTest {

    @Test
    void iouOfHalfOverlappingBoxes() {
        BoundingBox a = new BoundingBox(0, 0, 10, 10);
        BoundingBox b = new BoundingBox(5, 0, 15, 10);
        assertThat(a.iou(b)).isCloseTo(50.0 / 150.0, within(1e-12));
        assertThat(a.iou(new BoundingBox(20, 20, 30, 30))).isZero();
    }

    @Test
    void clipAndXywhRoundTrip() {
        BoundingBox b = new BoundingBox(-5, 2, 120, 50).clip(100, 40);
        assertThat(b).isEqualTo(new BoundingBox(0, 2, 100, 40));
        double[] xywh = b.toXywh();
        assertThat(BoundingBox.fromXywh(xywh[0], xywh[1], xywh[2], xywh[3])).isEqualTo(b);
    }

    @Test
    void rejectsSwappedCorners() {
        assertThatThrownBy(() -> new BoundingBox(10, 0, 5, 5)).hasMessageContaining("swapped");
        assertThatThrownBy(() -> new BoundingBox(Double.NaN, 0, 5, 5)).hasMessageContaining("non-finite");
    }
}
