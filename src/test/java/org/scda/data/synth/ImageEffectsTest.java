package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageEffectsTest {
    @Test
    void pixelsOfAWholeIntRgbImageReadAndWriteThrough() {
        BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(4, 2, 0xff123456);
        int[] px = ImageEffects.pixels(img);
        assertThat(px).hasSize(15);
        assertThat(px[14] & 0xffffff).isEqualTo(0x123456);
        px[5] = 0xabcdef;
        assertThat(img.getRGB(0, 1)).isEqualTo(0xffabcdef);
    }

    @Test
    void aSubImageOrAnotherTypeHasNoDirectPixels() {
        BufferedImage img = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 1, 0x102030);
        BufferedImage sub = img.getSubimage(1, 1, 3, 2);
        assertThat(ImageEffects.directPixels(sub)).isNull();
        assertThat(ImageEffects.directPixels(new BufferedImage(6, 4, BufferedImage.TYPE_3BYTE_BGR))).isNull();
        assertThatThrownBy(() -> ImageEffects.pixels(sub)).isInstanceOf(IllegalArgumentException.class);
        // the luma of a sub-image still reads its own pixels
        ImageStats.Luma luma = ImageStats.luma(sub);
        assertThat(luma.mean()).isGreaterThan(0);
        assertThat(ImageStats.luma(img).mean()).isLessThan(luma.mean());
    }

    @Test
    void blurIsBitForBitThePerPixelSumInTapOrder() {
        int w = 37;
        int h = 23;
        SplittableRandom rng = new SplittableRandom(5);
        float[] c = new float[w * h];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) rng.nextDouble(0, 255);
        }
        for (double sigma : new double[] {0.4, 1.3, 4.0}) {
            float[] fast = c.clone();
            ImageEffects.gaussianBlur(fast, w, h, sigma);
            float[] reference = perPixelBlur(c, w, h, sigma);
            for (int i = 0; i < c.length; i++) {
                assertThat(Float.floatToRawIntBits(fast[i])).as("sigma %s pixel %d", sigma, i)
                        .isEqualTo(Float.floatToRawIntBits(reference[i]));
            }
        }
    }

    @Test
    void theKernelIsNormalisedAndSymmetricWithARadiusOfTwoAndAHalfSigmas() {
        double[] k = ImageEffects.gaussianKernel(1.3);
        assertThat(k).hasSize(2 * 4 + 1);
        assertThat(Arrays.stream(k).sum()).isCloseTo(1, within(1e-12));
        assertThat(k[0]).isEqualTo(k[8]).isLessThan(k[3]);
        assertThat(k[4] / k[5]).isCloseTo(Math.exp(1 / (2 * 1.3 * 1.3)), within(1e-12));
        assertThat(ImageEffects.gaussianKernel(0.1)).hasSize(3);
    }

    @Test
    void horizontalLightRampsFromLeftToRight() {
        int[] px = new int[4 * 2];
        Arrays.fill(px, 0x646464); // 100 grey
        ImageEffects.horizontalLight(px, 4, 2, 0.5, 1.5);
        // gains 0.625, 0.875, 1.125, 1.375 at the column centres, on both rows
        assertThat(px).containsExactly(0x3f3f3f, 0x585858, 0x717171, 0x8a8a8a, 0x3f3f3f, 0x585858, 0x717171, 0x8a8a8a);
    }

    /** The blur as it was written before its passes were reordered: clamped taps, per output pixel. */
    private static float[] perPixelBlur(float[] in, int w, int h, double sigma) {
        float[] c = in.clone();
        double[] k = ImageEffects.gaussianKernel(sigma);
        int radius = k.length / 2;
        float[] tmp = new float[c.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int i = -radius; i <= radius; i++) {
                    acc += k[i + radius] * c[y * w + Math.min(w - 1, Math.max(0, x + i))];
                }
                tmp[y * w + x] = (float) acc;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int i = -radius; i <= radius; i++) {
                    acc += k[i + radius] * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x];
                }
                c[y * w + x] = (float) acc;
            }
        }
        return c;
    }
}
