package org.scda.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianBlurTest {

    @Test
    void aConstantImageStaysConstant() {
        for (double sigma : new double[] {0.1, 0.7, 2.0}) {
            RgbPlanes image = RgbPlanes.filled(13, 7, 0.25f, 0.5f, 1f);
            GaussianBlur.blur(image, sigma);
            for (int y = 0; y < 7; y++) {
                for (int x = 0; x < 13; x++) {
                    assertThat(TestPlanes.at(image, 0, x, y)).isCloseTo(0.25f, within(1e-6f));
                    assertThat(TestPlanes.at(image, 1, x, y)).isCloseTo(0.5f, within(1e-6f));
                    assertThat(TestPlanes.at(image, 2, x, y)).isCloseTo(1f, within(1e-6f));
                }
            }
        }
    }

    @Test
    void blurKeepsEachChannelsMeanAndNarrowsItsRange() {
        // 5x3 with sigma 2 (a kernel of 13 taps): the mirror also covers kernels wider than the image
        for (int[] size : new int[][] {{40, 24}, {5, 3}}) {
            RgbPlanes original = TestPlanes.noise(size[0], size[1], 7);
            RgbPlanes blurred = original.copy();
            GaussianBlur.blur(blurred, 2.0);
            for (int c = 0; c < 3; c++) {
                assertThat(TestPlanes.mean(blurred, c)).isCloseTo(TestPlanes.mean(original, c), within(1e-5));
            }
            assertThat(spread(blurred)).isLessThan(spread(original) / 2);
            assertThat(TestPlanes.list(blurred.values())).allSatisfy(v -> assertThat(v).isBetween(-1e-6f, 1 + 1e-6f));
        }
    }

    @Test
    void aPointSpreadsAsTheSampledGaussian() {
        RgbPlanes image = RgbPlanes.filled(21, 21, 0, 0, 0);
        image.values()[10 * 21 + 10] = 1; // red, centre
        GaussianBlur.blur(image, 1.5);
        float[] k = GaussianBlur.kernel(1.5);
        assertThat(k).hasSize(11); // radius ceil(4.5) = 5
        double sum = 0;
        for (float w : k) {
            sum += w;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-6));
        // separable: the output at (10 + dx, 10 + dy) is k[dx] k[dy]
        assertThat(TestPlanes.at(image, 0, 10, 10)).isCloseTo(k[5] * k[5], within(1e-7f));
        assertThat(TestPlanes.at(image, 0, 12, 9)).isCloseTo(k[7] * k[4], within(1e-7f));
        assertThat(TestPlanes.at(image, 0, 12, 9)).isEqualTo(TestPlanes.at(image, 0, 8, 11));
        assertThat(TestPlanes.at(image, 0, 16, 10)).isZero(); // beyond the radius
        assertThat(TestPlanes.at(image, 1, 10, 10)).isZero(); // other channels untouched
        // Gaussian: neighbours 1 apart in ratio exp(-1 / (2 sigma^2))
        assertThat((double) k[6] / k[5]).isCloseTo(Math.exp(-1 / (2 * 1.5 * 1.5)), within(1e-6));
    }

    @Test
    void mirroringRepeatsTheEdgePixel() {
        // dcba|abcd|dcba for n = 4
        assertThat(new int[] {GaussianBlur.mirror(-1, 4), GaussianBlur.mirror(-4, 4), GaussianBlur.mirror(-5, 4),
                GaussianBlur.mirror(4, 4), GaussianBlur.mirror(7, 4), GaussianBlur.mirror(8, 4)})
                .containsExactly(0, 3, 3, 3, 0, 0);
        assertThat(GaussianBlur.mirror(-3, 1)).isZero();
    }

    @Test
    void theSigmaIsDrawnFromTheRandom() {
        GaussianBlur blur = new GaussianBlur(0.1, 2.0);
        RgbPlanes original = TestPlanes.noise(16, 8, 9);
        TestPlanes.assertTheSeedDecides(blur, original, 1, 2);
        assertThatThrownBy(() -> new GaussianBlur(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GaussianBlur(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Largest minus smallest value over the image. */
    private static float spread(RgbPlanes image) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : image.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }
}
