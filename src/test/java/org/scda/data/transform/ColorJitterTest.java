package org.scda.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColorJitterTest {

    @Test
    void factorOneIsTheIdentity() {
        RgbPlanes original = TestPlanes.noise(16, 8, 1);
        RgbPlanes image = original.copy();
        ColorJitter.adjustBrightness(image, 1);
        ColorJitter.adjustContrast(image, 1);
        ColorJitter.adjustSaturation(image, 1);
        assertThat(image.values()).containsExactly(original.values());
        ColorJitter.adjustHue(image, 0);
        assertThat(image.values()).containsExactly(original.values(), within(1e-6f));
        // and so is a jitter with nothing to jitter, whatever it draws
        new ColorJitter(0, 0, 0, 0).apply(image, new Random(5));
        assertThat(image.values()).containsExactly(original.values(), within(1e-6f));
    }

    @Test
    void brightnessScalesAndClampsToOne() {
        RgbPlanes image = RgbPlanes.filled(2, 2, 0.2f, 0.4f, 0.8f);
        ColorJitter.adjustBrightness(image, 1.5f);
        assertThat(TestPlanes.at(image, 0, 1, 1)).isCloseTo(0.3f, within(1e-6f));
        assertThat(TestPlanes.at(image, 1, 1, 1)).isCloseTo(0.6f, within(1e-6f));
        assertThat(TestPlanes.at(image, 2, 1, 1)).isEqualTo(1f);
    }

    @Test
    void contrastZeroGivesTheMeanLumaEverywhere() {
        // two pixels, black and white: mean luma (0 + 0.9999) / 2
        RgbPlanes image = new RgbPlanes(new float[] {0, 1, 0, 1, 0, 1}, 2, 1);
        ColorJitter.adjustContrast(image, 0);
        assertThat(TestPlanes.list(image.values())).allSatisfy(v -> assertThat(v).isCloseTo(0.49995f, within(1e-6f)));
        // contrast 2 doubles each value's distance from the mean luma 0.49995: 2 v - 0.49995
        RgbPlanes sharper = new RgbPlanes(new float[] {0.4f, 0.6f, 0.4f, 0.6f, 0.4f, 0.6f}, 2, 1);
        ColorJitter.adjustContrast(sharper, 2);
        assertThat(TestPlanes.at(sharper, 0, 0, 0)).isCloseTo(0.30005f, within(1e-6f));
        assertThat(TestPlanes.at(sharper, 0, 1, 0)).isCloseTo(0.70005f, within(1e-6f));
    }

    @Test
    void saturationZeroIsGrayscaleAndTwoPushesAwayFromGrey() {
        RgbPlanes image = TestPlanes.noise(8, 4, 2);
        RgbPlanes gray = image.copy();
        new Grayscale().apply(gray, new Random(0));
        RgbPlanes desaturated = image.copy();
        ColorJitter.adjustSaturation(desaturated, 0);
        assertThat(desaturated.values()).containsExactly(gray.values(), within(1e-6f));

        RgbPlanes pixel = new RgbPlanes(new float[] {0.6f, 0.4f, 0.4f}, 1, 1);
        float luma = Grayscale.luma(0.6f, 0.4f, 0.4f);
        ColorJitter.adjustSaturation(pixel, 2);
        assertThat(pixel.values()[0]).isCloseTo(2 * 0.6f - luma, within(1e-6f));
        assertThat(pixel.values()[1]).isCloseTo(2 * 0.4f - luma, within(1e-6f));
    }

    @Test
    void hueRotatesTheWheelAndLeavesGreyAlone() {
        // red (1, 0, 0) is hue 0; a third of the wheel on is green, two thirds blue
        RgbPlanes red = new RgbPlanes(new float[] {1, 0, 0}, 1, 1);
        ColorJitter.adjustHue(red, 1f / 3);
        assertThat(red.values()).containsExactly(new float[] {0, 1, 0}, within(1e-5f));
        ColorJitter.adjustHue(red, 1f / 3);
        assertThat(red.values()).containsExactly(new float[] {0, 0, 1}, within(1e-5f));
        ColorJitter.adjustHue(red, -2f / 3);
        assertThat(red.values()).containsExactly(new float[] {1, 0, 0}, within(1e-5f));
        // a shift keeps HSV value (max) and saturation: (0.8, 0.4, 0.2) -> same max and min
        RgbPlanes orange = new RgbPlanes(new float[] {0.8f, 0.4f, 0.2f}, 1, 1);
        ColorJitter.adjustHue(orange, 0.1f);
        float[] v = orange.values();
        assertThat(Math.max(v[0], Math.max(v[1], v[2]))).isCloseTo(0.8f, within(1e-6f));
        assertThat(Math.min(v[0], Math.min(v[1], v[2]))).isCloseTo(0.2f, within(1e-6f));
        assertThat(v).isNotEqualTo(new float[] {0.8f, 0.4f, 0.2f});
        RgbPlanes grey = RgbPlanes.filled(2, 2, 0.3f, 0.3f, 0.3f);
        ColorJitter.adjustHue(grey, 0.25f);
        assertThat(grey.values()).containsOnly(0.3f);
    }

    @Test
    void aSeedFixesTheJitterAndOtherSeedsChangeIt() {
        ColorJitter jitter = new ColorJitter(0.4, 0.4, 0.4, 0.1);
        RgbPlanes original = TestPlanes.noise(16, 8, 3);
        RgbPlanes a = TestPlanes.assertTheSeedDecides(jitter, original, 11, 12);
        assertThat(Arrays.equals(a.values(), original.values())).isFalse();
        assertThat(TestPlanes.list(a.values())).allSatisfy(v -> assertThat(v).isBetween(0f, 1f));
    }

    @Test
    void permutationsAreUniform() {
        Random random = new Random(4);
        int[] firstIs = new int[4];
        for (int i = 0; i < 8000; i++) {
            int[] p = ColorJitter.permutation(4, random);
            assertThat(Arrays.stream(p).sorted().toArray()).containsExactly(0, 1, 2, 3);
            firstIs[p[0]]++;
        }
        assertThat(Arrays.stream(firstIs).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(1800, 2200));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new ColorJitter(-0.1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ColorJitter(0, 0, 0, 0.6)).isInstanceOf(IllegalArgumentException.class);
    }
}
