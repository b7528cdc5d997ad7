package org.scda.model.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.Polygon;

class MaskTargetsTest {

    private static Polygon rect(double x1, double y1, double x2, double y2) {
        return new Polygon(new double[] {x1, y1, x2, y1, x2, y2, x1, y2});
    }

    private static int sum(float[] target) {
        int n = 0;
        for (float v : target) {
            n += (int) v;
        }
        return n;
    }

    @Test
    void squareFillsTheExpectedCells() {
        // RoI (100, 50)-(128, 78): 28 px for 28 cells, 1 px per cell. Square (107,57)-(121,71)
        // maps to cells 7..20 in both axes
        float[] t = MaskTargets.rasterize(List.of(rect(107, 57, 121, 71)), new BoundingBox(100, 50, 128, 78), 28);
        assertThat(t).hasSize(28 * 28);
        for (int row = 0; row < 28; row++) {
            for (int col = 0; col < 28; col++) {
                boolean expected = col >= 7 && col < 21 && row >= 7 && row < 21;
                assertThat(t[row * 28 + col]).as("cell %d,%d", col, row).isEqualTo(expected ? 1f : 0f);
            }
        }
    }

    @Test
    void roiIsStretchedToTheGridPerAxis() {
        // RoI 56 wide x 14 high -> 2 px per column, 0.5 px per row. Left half of the RoI:
        // x 0..28 of 56 -> columns 0..13; all rows
        BoundingBox roi = new BoundingBox(10, 20, 66, 34);
        float[] t = MaskTargets.rasterize(List.of(rect(0, 0, 38, 100)), roi, 28);
        assertThat(sum(t)).isEqualTo(14 * 28);
        assertThat(t[5 * 28 + 13]).isEqualTo(1f);
        assertThat(t[5 * 28 + 14]).isEqualTo(0f);
    }

    @Test
    void instanceCoveringTheRoiFillsEverythingAndOutsideNothing() {
        BoundingBox roi = new BoundingBox(3.3, 4.7, 40.1, 19.9);
        assertThat(sum(MaskTargets.rasterize(List.of(rect(0, 0, 100, 100)), roi, 28))).isEqualTo(28 * 28);
        assertThat(sum(MaskTargets.rasterize(List.of(rect(50, 50, 60, 60)), roi, 28))).isZero();
        assertThat(sum(MaskTargets.rasterize(List.of(), roi, 28))).isZero();
    }

    @Test
    void triangleAreaMatchesWithinOneCellPerBoundaryCell() {
        // triangle filling half of the RoI along its diagonal: area 28*28/2 cells
        BoundingBox roi = new BoundingBox(0, 0, 56, 56);
        Polygon triangle = new Polygon(new double[] {0, 0, 56, 0, 0, 56});
        int cells = sum(MaskTargets.rasterize(List.of(triangle), roi, 28));
        assertThat(cells).isBetween(392 - 28, 392 + 28);
    }

    @Test
    void batchesConcatenateRois() {
        List<BoundingBox> rois = List.of(new BoundingBox(0, 0, 28, 28), new BoundingBox(0, 0, 14, 14));
        List<List<Polygon>> polygons = List.of(List.of(rect(0, 0, 14, 28)), List.of(rect(0, 0, 14, 14)));
        float[] all = MaskTargets.rasterize(polygons, rois, 28);
        assertThat(all).hasSize(2 * 28 * 28);
        float[] first = Arrays.copyOfRange(all, 0, 784);
        float[] second = Arrays.copyOfRange(all, 784, 1568);
        assertThat(sum(first)).isEqualTo(14 * 28);
        assertThat(sum(second)).isEqualTo(28 * 28);
    }

    @Test
    void flatBoxesSelectTheirMatchedInstance() {
        List<List<Polygon>> instances = List.of(List.of(rect(0, 0, 28, 14)), List.of(rect(0, 0, 14, 28)));
        float[] boxes = {0, 0, 28, 28, 0, 0, 28, 28, 0, 0, 28, 28};
        float[] all = MaskTargets.rasterize(boxes, new int[] {1, 0, 1}, instances, 28);
        assertThat(all).hasSize(3 * 784);
        // instance 1 fills the left half (columns 0..13), instance 0 the top half (rows 0..13)
        assertThat(all[5 * 28 + 13]).isEqualTo(1f);
        assertThat(all[5 * 28 + 14]).isEqualTo(0f);
        assertThat(all[784 + 13 * 28 + 20]).isEqualTo(1f);
        assertThat(all[784 + 14 * 28 + 20]).isEqualTo(0f);
        assertThat(Arrays.copyOfRange(all, 2 * 784, 3 * 784)).containsExactly(Arrays.copyOfRange(all, 0, 784));
    }

    @Test
    void inputFrameScalesAndMirrorsLikeBoxes() {
        // image 100 wide scaled by 0.5 -> input 50 wide; box x 10..30 -> 5..15, mirrored 35..45
        Polygon p = rect(10, 20, 30, 40);
        Polygon scaled = MaskTargets.toInputFrame(List.of(p), 0.5, false, 50).get(0);
        assertThat(scaled.bounds()).isEqualTo(new BoundingBox(5, 10, 15, 20));
        Polygon mirrored = MaskTargets.toInputFrame(List.of(p), 0.5, true, 50).get(0);
        assertThat(mirrored.bounds()).isEqualTo(new BoundingBox(35, 10, 45, 20));
    }
}
