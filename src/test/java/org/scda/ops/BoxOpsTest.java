package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class BoxOpsTest {

    private static final float[] A = {0, 0, 2, 2, 0, 0, 1, 1};
    private static final float[] B = {1, 1, 3, 3, 5, 5, 6, 6, 0, 0, 2, 2};

    @Test
    void iouOfKnownBoxes() {
        float[][] iou = BoxOps.iou(A, B);
        assertThat(iou[0][0]).isCloseTo(1f / 7, within(1e-7f)); // inter 1, union 4+4-1
        assertThat(iou[0][1]).isZero();
        assertThat(iou[0][2]).isEqualTo(1f);
        assertThat(iou[1][2]).isEqualTo(0.25f);
        assertThat(iou[1][0]).isZero(); // touching at a corner
    }

    @Test
    void clipBoundsXByWidthAndYByHeight() {
        float[] c = BoxOps.clip(new float[] {-3, -1, 50, 70}, 40, 60);
        assertThat(c).containsExactly(0, 0, 50, 40);
        assertThat(BoxOps.clip(new float[] {-3, -1, 70, 70}, 40, 60)).containsExactly(0, 0, 60, 40);
    }

    @Test
    void removeSmallKeepsBoxesWithBothSidesAtLeastMin() {
        float[] boxes = {0, 0, 1, 5, 0, 0, 5, 5, 0, 0, 5, 0.999f, 2, 2, 3, 3};
        assertThat(BoxOps.removeSmall(boxes, 1f)).containsExactly(0, 1, 3);
        assertThat(BoxOps.areas(boxes)).containsExactly(5, 25, 4.995f, 1);
    }

    @Test
    @Tag("engine")
    void ndArrayVersionsAgreeWithHostVersions() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(A, new Shape(2, 4));
            NDArray b = m.create(B, new Shape(3, 4));
            NDArray iou = BoxOps.iou(a, b);
            assertThat(iou.getShape()).isEqualTo(new Shape(2, 3));
            float[][] host = BoxOps.iou(A, B);
            float[] flat = iou.toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(flat[i * 3 + j]).isCloseTo(host[i][j], within(1e-7f));
                }
            }
            assertThat(BoxOps.areas(b).toFloatArray()).containsExactly(4, 1, 4);
            NDArray clipped = BoxOps.clip(m.create(new float[] {-3, -1, 50, 70, 1, 2, 3, 4, -1, 0, 70, 70}, new Shape(1, 12)), 40, 60);
            assertThat(clipped.getShape()).isEqualTo(new Shape(1, 12));
            assertThat(clipped.toFloatArray()).containsExactly(0, 0, 50, 40, 1, 2, 3, 4, 0, 0, 60, 40);
            assertThat(BoxOps.iou(m.zeros(new Shape(0, 4)), b).getShape()).isEqualTo(new Shape(0, 3));
        }
    }
}
