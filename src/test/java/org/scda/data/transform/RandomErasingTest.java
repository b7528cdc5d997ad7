package org.scda.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomErasingTest {

    @Test
    void onlyPixelsInsideTheRectangleChange() {
        RgbPlanes original = RgbPlanes.filled(32, 16, 2, 2, 2); // outside [0, 1]: no noise value can equal it
        RgbPlanes image = original.copy();
        RandomErasing.Region region = new RandomErasing.Region(5, 3, 7, 4);
        RandomErasing.fill(image, region, new Random(1));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 32; x++) {
                    float v = TestPlanes.at(image, c, x, y);
                    if (region.contains(x, y)) {
                        assertThat(v).isBetween(0f, 1f);
                    } else {
                        assertThat(v).isEqualTo(2f);
                    }
                }
            }
        }
    }

    @Test
    void applyErasesTheRegionItDraws() {
        RandomErasing erasing = new RandomErasing(0.02, 0.2, 0.3, 3.3);
        RgbPlanes image = RgbPlanes.filled(64, 32, 2, 2, 2);
        erasing.apply(image, new Random(3));
        RandomErasing.Region region = erasing.region(64, 32, new Random(3)).orElseThrow();
        int changed = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                boolean erased = TestPlanes.at(image, 0, x, y) != 2f;
                assertThat(erased).as("(%d, %d) in %s", x, y, region).isEqualTo(region.contains(x, y));
                changed += erased ? 1 : 0;
            }
        }
        assertThat(changed).isEqualTo(region.width() * region.height()).isPositive();
    }

    @Test
    void rectanglesHaveTheirAreaAndAspectAndFitInside() {
        RandomErasing erasing = new RandomErasing(0.05, 0.2, 0.3, 3.3);
        Random random = new Random(5);
        double sumArea = 0;
        for (int i = 0; i < 2000; i++) {
            RandomErasing.Region r = erasing.region(256, 128, random).orElseThrow();
            assertThat(r.x()).isGreaterThanOrEqualTo(0);
            assertThat(r.y()).isGreaterThanOrEqualTo(0);
            assertThat(r.x() + r.width()).isLessThanOrEqualTo(256);
            assertThat(r.y() + r.height()).isLessThanOrEqualTo(128);
            double area = (double) r.width() * r.height() / (256 * 128);
            // rounding each side to whole pixels moves the area by about a side's length
            assertThat(area).isBetween(0.05 - 0.01, 0.2 + 0.01);
            assertThat((double) r.height() / r.width()).isBetween(0.3 * 0.9, 3.3 * 1.1);
            sumArea += area;
        }
        assertThat(sumArea / 2000).isBetween(0.11, 0.14); // uniform in [0.05, 0.2]: 0.125
    }

    @Test
    void nothingIsErasedWhenNoRectangleFits() {
        // the whole image (scale 1, aspect 1) is never smaller than the image, as torchvision requires
        RandomErasing erasing = new RandomErasing(1, 1, 1, 1);
        assertThat(erasing.region(20, 20, new Random(1))).isEqualTo(Optional.empty());
        RgbPlanes image = TestPlanes.noise(20, 20, 1);
        float[] before = image.values().clone();
        erasing.apply(image, new Random(1));
        assertThat(image.values()).containsExactly(before);
    }

    @Test
    void aSeedFixesTheRectangleAndTheNoise() {
        RandomErasing erasing = new RandomErasing(0.02, 0.2, 0.1, 6);
        TestPlanes.assertTheSeedDecides(erasing, TestPlanes.noise(48, 24, 2), 8, 9);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new RandomErasing(0, 0.2, 0.3, 3.3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RandomErasing(0.3, 0.2, 0.3, 3.3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RandomErasing(0.02, 0.2, 0, 3.3)).isInstanceOf(IllegalArgumentException.class);
    }
}
