package org.scda.model.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.Polygon;
import org.scda.data.mask.PolygonRasterizer;
import org.scda.data.mask.Rle;

class MaskPasterTest {

    private static float[] filled(int size, float value) {
        float[] map = new float[size * size];
        Arrays.fill(map, value);
        return map;
    }

    @Test
    void fullMaskFillsExactlyTheBox() {
        BoundingBox box = new BoundingBox(3, 2, 11, 7);
        boolean[] mask = MaskPaster.pasteBinary(filled(28, 1f), 28, box, 10, 15, 0.5f);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 15; x++) {
                assertThat(mask[y * 15 + x]).as("pixel %d,%d", x, y).isEqualTo(x >= 3 && x < 11 && y >= 2 && y < 7);
            }
        }
        Rle rle = MaskPaster.paste(filled(28, 1f), 28, box, 10, 15);
        assertThat(rle.area()).isEqualTo(8 * 5);
        assertThat(rle).isEqualTo(Rle.rectangle(10, 15, 3, 2, 11, 7));
    }

    @Test
    void fractionalBoxKeepsPixelsWhoseCentresAreInside() {
        // box x 2.2..5.8 -> centres 2.5, 3.5, 4.5, 5.5 inside; y 1.6..3.4 -> centres 2.5 only
        boolean[] mask = MaskPaster.pasteBinary(filled(28, 1f), 28, new BoundingBox(2.2, 1.6, 5.8, 3.4), 6, 8, 0.5f);
        assertThat(PolygonRasterizer.count(mask)).isEqualTo(4);
        assertThat(mask[2 * 8 + 2]).isTrue();
        assertThat(mask[2 * 8 + 5]).isTrue();
    }

    @Test
    void emptyMaskOrBoxPastesNothingAndBoxesAreClipped() {
        assertThat(MaskPaster.paste(filled(28, 0.49f), 28, new BoundingBox(1, 1, 8, 8), 10, 10).area()).isZero();
        assertThat(MaskPaster.paste(filled(28, 1f), 28, new BoundingBox(4, 4, 4, 9), 10, 10).area()).isZero();
        assertThat(MaskPaster.paste(filled(28, 1f), 28, new BoundingBox(-5, 6, 30, 40), 10, 10).area()).isEqualTo(10 * 4);
    }

    @Test
    void leftHalfMaskPastesTheLeftHalfOfTheBox() {
        float[] map = new float[28 * 28];
        for (int row = 0; row < 28; row++) {
            for (int col = 0; col < 14; col++) {
                map[row * 28 + col] = 1f;
            }
        }
        // box 56 px wide: the left half is 28 px; the 0.5 crossing lies exactly between
        // cells 13 and 14, i.e. at box x 28
        boolean[] mask = MaskPaster.pasteBinary(map, 28, new BoundingBox(0, 0, 56, 28), 28, 60, 0.5f);
        for (int x = 0; x < 60; x++) {
            assertThat(mask[10 * 60 + x]).as("x %d", x).isEqualTo(x < 28);
        }
    }

    @Test
    void targetThenPasteRecoversTheInstance() {
        // rasterise a triangle into a RoI's 28x28 target, paste it back into the RoI: the pasted
        // mask agrees with the triangle rasterised at image size up to the boundary
        BoundingBox roi = new BoundingBox(10, 10, 66, 66);
        Polygon triangle = new Polygon(new double[] {10, 10, 66, 10, 10, 66});
        float[] target = MaskTargets.rasterize(List.of(triangle), roi, 28);
        Rle pasted = MaskPaster.paste(target, 28, roi, 80, 80);
        Rle truth = Rle.encode(PolygonRasterizer.rasterize(List.of(triangle), 80, 80), 80, 80);
        assertThat(Rle.iou(pasted, truth)).isGreaterThan(0.9);
    }
}
