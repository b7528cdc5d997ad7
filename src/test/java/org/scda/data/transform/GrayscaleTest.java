package org.scda.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GrayscaleTest {

    @Test
    void everyChannelBecomesTheLumaWithTorchvisionsWeights() {
        RgbPlanes image = new RgbPlanes(new float[] {1, 0.2f, 0, 0.4f, 0, 0.6f}, 2, 1); // red (1,0,0) and (0.2,0.4,0.6)
        new Grayscale().apply(image, new Random(0));
        assertThat(TestPlanes.at(image, 0, 0, 0)).isCloseTo(0.2989f, within(1e-7f));
        float expected = 0.2989f * 0.2f + 0.587f * 0.4f + 0.114f * 0.6f;
        for (int c = 0; c < 3; c++) {
            assertThat(TestPlanes.at(image, c, 0, 0)).isEqualTo(TestPlanes.at(image, 0, 0, 0));
            assertThat(TestPlanes.at(image, c, 1, 0)).isCloseTo(expected, within(1e-7f));
        }
    }

    @Test
    void aGreyImageStaysAsItIs() {
        RgbPlanes image = RgbPlanes.filled(3, 2, 0.5f, 0.5f, 0.5f);
        new Grayscale().apply(image, new Random(0));
        // the weights sum to 0.9999, not 1: torchvision's, kept as they are
        assertThat(TestPlanes.list(image.values())).allSatisfy(v -> assertThat(v).isCloseTo(0.5f, within(1e-4f)));
    }
}
