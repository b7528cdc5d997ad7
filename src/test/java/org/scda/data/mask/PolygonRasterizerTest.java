package org.scda.data.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.data.Polygon;

class PolygonRasterizerTest {

    private static Polygon rect(double x1, double y1, double x2, double y2) {
        return new Polygon(new double[] {x1, y1, x2, y1, x2, y2, x1, y2});
    }

    @Test
    void rectangleWithIntegerCornersFillsItsPixels() {
        boolean[] mask = PolygonRasterizer.rasterize(List.of(rect(2, 1, 5, 3)), 8, 5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(mask[y * 8 + x]).as("pixel %d,%d", x, y).isEqualTo(x >= 2 && x < 5 && y >= 1 && y < 3);
            }
        }
    }

    @Test
    void pixelsAreInsideWhenTheirCentreIs() {
        // x 1.4..3.6 holds centres 1.5, 2.5, 3.5; y 0.6..1.4 holds no centre (0.5 and 1.5 are outside)
        assertThat(PolygonRasterizer.count(PolygonRasterizer.rasterize(List.of(rect(1.4, 0.6, 3.6, 1.4)), 6, 4))).isZero();
        // y 0.4..1.6 holds centres 0.5 and 1.5: 3 x 2 pixels
        boolean[] mask = PolygonRasterizer.rasterize(List.of(rect(1.4, 0.4, 3.6, 1.6)), 6, 4);
        assertThat(PolygonRasterizer.count(mask)).isEqualTo(6);
        assertThat(mask[0 * 6 + 1]).isTrue();
        assertThat(mask[1 * 6 + 3]).isTrue();
        assertThat(mask[0 * 6 + 4]).isFalse();
    }

    @Test
    void sharedEdgesAreClaimedOnce() {
        // two rectangles sharing the edge x = 2.5, which passes through pixel centres
        boolean[] left = PolygonRasterizer.rasterize(List.of(rect(0, 0, 2.5, 2)), 5, 2);
        boolean[] right = PolygonRasterizer.rasterize(List.of(rect(2.5, 0, 5, 2)), 5, 2);
        for (int i = 0; i < left.length; i++) {
            assertThat(left[i] && right[i]).isFalse();
            assertThat(left[i] || right[i]).isTrue();
        }
    }

    @Test
    void triangleAreaMatchesWithinItsBoundary() {
        // right triangle with legs 40 and 30: area 600, perimeter 120
        Polygon triangle = new Polygon(new double[] {5, 5, 45, 5, 5, 35});
        int count = PolygonRasterizer.count(PolygonRasterizer.rasterize(List.of(triangle), 60, 50));
        assertThat((double) count).isBetween(600 - 60.0, 600 + 60.0);
        // diagonal cut: no pixel whose centre is above the hypotenuse x/40 + y/30 = 1 (shifted)
        boolean[] mask = PolygonRasterizer.rasterize(List.of(triangle), 60, 50);
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 60; x++) {
                double cx = x + 0.5 - 5;
                double cy = y + 0.5 - 5;
                boolean inside = cx > 0 && cy > 0 && cx / 40 + cy / 30 < 1;
                boolean outside = cx < 0 || cy < 0 || cx / 40 + cy / 30 > 1;
                if (inside) {
                    assertThat(mask[y * 60 + x]).isTrue();
                } else if (outside) {
                    assertThat(mask[y * 60 + x]).isFalse();
                }
            }
        }
    }

    @Test
    void partsAreUnitedAndHolesNeedEvenOdd() {
        Polygon a = rect(0, 0, 2, 2);
        Polygon b = rect(1, 1, 3, 3);
        assertThat(PolygonRasterizer.count(PolygonRasterizer.rasterize(List.of(a, b), 4, 4))).isEqualTo(7);
        // one self-overlapping outline (outer ring then inner ring, joined): even-odd leaves a hole
        Polygon ring = new Polygon(new double[] {0, 0, 4, 0, 4, 4, 0, 4, 0, 0, 1, 1, 1, 3, 3, 3, 3, 1, 1, 1});
        boolean[] mask = PolygonRasterizer.rasterize(List.of(ring), 4, 4);
        assertThat(PolygonRasterizer.count(mask)).isEqualTo(12);
        assertThat(mask[1 * 4 + 1]).isFalse();
    }

    @Test
    void clipsToTheGrid() {
        boolean[] mask = PolygonRasterizer.rasterize(List.of(rect(-5, -5, 2, 20)), 4, 3);
        assertThat(PolygonRasterizer.count(mask)).isEqualTo(6);
    }
}
