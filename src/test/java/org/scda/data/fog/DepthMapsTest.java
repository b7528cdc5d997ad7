package org.scda.data.fog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class DepthMapsTest {

    static BufferedImage disparity(int... values) {
        BufferedImage img = new BufferedImage(values.length, 1, BufferedImage.TYPE_USHORT_GRAY);
        for (int x = 0; x < values.length; x++) {
            img.getRaster().setSample(x, 0, 0, values[x]);
        }
        return img;
    }

    @Test
    void disparityToDepthAndHoleFilling() {
        // p = 1 + 256 * 10 -> d = 10 px; depth = 0.2 * 2000 / 10 = 40 m. p = 1 + 256 * 40 -> 10 m.
        BufferedImage disp = disparity(1 + 2560, 0, 1 + 10240, 0);
        float[] depth = DepthMaps.fromCityscapesDisparity(disp, 0.2, 2000, 1000);
        assertThat(depth[0]).isCloseTo(40f, within(1e-4f));
        assertThat(depth[2]).isCloseTo(10f, within(1e-4f));
        assertThat(depth[1]).as("a hole takes the farther neighbour").isCloseTo(40f, within(1e-4f));
        assertThat(depth[3]).as("a hole at the row end takes its only neighbour").isCloseTo(10f, within(1e-4f));
    }

    @Test
    void rowWithoutDisparityIsFarAndDepthIsCapped() {
        assertThat(DepthMaps.fromCityscapesDisparity(disparity(0, 0), 0.2, 2000, 500)).containsExactly(500f, 500f);
        assertThat(DepthMaps.fromCityscapesDisparity(disparity(2, 2), 0.2, 2000, 500)).containsExactly(500f, 500f);
    }

    @Test
    void flatGroundDepthFromTheRowBelowTheHorizon() {
        float[] d = DepthMaps.flatGround(2, 10, 4, 100, 1.5, 300);
        // row 9: 9.5 - 4 = 5.5 px below the horizon -> 100 * 1.5 / 5.5 = 27.27 m
        assertThat(d[9 * 2]).isCloseTo(27.2727f, within(1e-3f));
        assertThat(d[0]).isEqualTo(300f);
        assertThat(d[3 * 2 + 1]).isEqualTo(300f);
        assertThat(d[5 * 2]).isGreaterThan(d[9 * 2]);
    }
}
