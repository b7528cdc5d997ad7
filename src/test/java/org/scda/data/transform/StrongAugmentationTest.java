package org.scda.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StrongAugmentationTest {

    @Test
    void theStandardRecipeInItsOrder() {
        assertThat(StrongAugmentation.standard().steps()).extracting(Object::toString).containsExactly(
                "RandomApply[transform=ColorJitter(brightness 0.4, contrast 0.4, saturation 0.4, hue 0.1), probability=0.8]",
                "RandomApply[transform=Grayscale, probability=0.2]",
                "RandomApply[transform=GaussianBlur(sigma 0.1-2.0), probability=0.5]",
                "RandomApply[transform=RandomErasing(scale 0.05-0.2, ratio 0.3-3.3), probability=0.7]",
                "RandomApply[transform=RandomErasing(scale 0.02-0.2, ratio 0.1-6.0), probability=0.5]",
                "RandomApply[transform=RandomErasing(scale 0.02-0.2, ratio 0.05-8.0), probability=0.3]");
    }

    @Test
    void aSeedFixesTheOutputAndOtherSeedsChangeIt() {
        StrongAugmentation strong = StrongAugmentation.standard();
        RgbPlanes original = TestPlanes.noise(64, 32, 1);
        int changed = 0;
        for (long seed = 0; seed < 20; seed++) {
            RgbPlanes a = TestPlanes.assertTheSeedDecides(strong, original, seed, seed + 1000);
            // blur may round a hair past the range
            assertThat(TestPlanes.list(a.values())).allSatisfy(v -> assertThat(v).isBetween(-1e-6f, 1 + 1e-6f));
            changed += Arrays.equals(a.values(), original.values()) ? 0 : 1;
        }
        // unchanged needs no jitter, grayscale, blur or erasing: 0.2 * 0.8 * 0.5 * 0.3 * 0.5 * 0.7 = 0.8%
        assertThat(changed).isGreaterThanOrEqualTo(19);
    }

    @Test
    void randomApplyAppliesWithItsProbability() {
        PhotometricTransform setToOne = (image, random) -> Arrays.fill(image.values(), 1f);
        Random random = new Random(6);
        int applied = 0;
        for (int i = 0; i < 10000; i++) {
            RgbPlanes image = RgbPlanes.filled(1, 1, 0, 0, 0);
            new RandomApply(setToOne, 0.8).apply(image, random);
            applied += image.values()[0] == 1f ? 1 : 0;
        }
        assertThat(applied).isBetween(7800, 8200);
        RgbPlanes never = RgbPlanes.filled(1, 1, 0, 0, 0);
        for (int i = 0; i < 100; i++) {
            new RandomApply(setToOne, 0).apply(never, random);
        }
        assertThat(never.values()).containsOnly(0f);
        assertThatThrownBy(() -> new RandomApply(setToOne, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
