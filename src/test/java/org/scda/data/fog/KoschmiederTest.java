package org.scda.data.fog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class KoschmiederTest {
    private static final int L = Koschmieder.rgb(220, 220, 220);

    @Test
    void transmittanceIsOneAtZeroDepthAndZeroForSky() {
        assertThat(Koschmieder.transmittance(0.05, 0)).isEqualTo(1.0);
        assertThat(Koschmieder.transmittance(0.05, Double.POSITIVE_INFINITY)).isEqualTo(0.0);
        assertThat(Koschmieder.transmittance(0.05, 10)).isCloseTo(Math.exp(-0.5), within(1e-12));
        assertThatThrownBy(() -> Koschmieder.transmittance(-1, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fullTransmittanceKeepsThePixelAndNoneGivesTheAirlight() {
        int rgb = Koschmieder.rgb(100, 50, 200);
        assertThat(Koschmieder.fogPixel(rgb, 1.0, L)).isEqualTo(rgb);
        assertThat(Koschmieder.fogPixel(rgb, 0.0, L)).isEqualTo(L);
    }

    @Test
    void handComputedPixel() {
        // t = exp(-0.05 * 10) = 0.60653; R = 0.60653*100 + 0.39347*220 = 147.22 -> 147,
        // G = 0.60653*50 + 86.56 = 116.89 -> 117, B = 0.60653*200 + 86.56 = 207.87 -> 208
        double t = Koschmieder.transmittance(0.05, 10);
        assertThat(Koschmieder.fogPixel(Koschmieder.rgb(100, 50, 200), t, L)).isEqualTo(Koschmieder.rgb(147, 117, 208));
    }

    @Test
    void imageFadesToAirlightWithDepth() {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, Koschmieder.rgb(10, 20, 30));
        img.setRGB(1, 0, Koschmieder.rgb(10, 20, 30));
        img.setRGB(2, 0, Koschmieder.rgb(10, 20, 30));
        BufferedImage out = Koschmieder.apply(img, new float[] {0, 20, 10_000}, 0.05, L);
        assertThat(out.getRGB(0, 0) & 0xffffff).isEqualTo(Koschmieder.rgb(10, 20, 30));
        assertThat(out.getRGB(2, 0) & 0xffffff).isEqualTo(L);
        int mid = out.getRGB(1, 0) & 0xffffff;
        assertThat((mid >> 16) & 0xff).isBetween(11, 219);
        assertThatThrownBy(() -> Koschmieder.apply(img, new float[2], 0.05, L)).isInstanceOf(IllegalArgumentException.class);
    }
}
