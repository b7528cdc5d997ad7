package org.scda.data.transform;

import java.util.Random;

/**
 * Replaces each pixel's three channels by its luma, {@code 0.2989 R + 0.587 G + 0.114 B}
 * (ITU-R 601-2, the weights of torchvision's {@code rgb_to_grayscale}); the image keeps three
 * channels. Draws nothing from the {@link Random}.
 */
public final class Grayscale implements PhotometricTransform {
    /** Weights of red, green and blue in the luma. */
    public static final float[] LUMA = {0.2989f, 0.587f, 0.114f};

    @Override
    public void apply(RgbPlanes image, Random random) {
        float[] v = image.values();
        int plane = image.planeSize();
        for (int i = 0; i < plane; i++) {
            float gray = luma(v[i], v[plane + i], v[2 * plane + i]);
            v[i] = gray;
            v[plane + i] = gray;
            v[2 * plane + i] = gray;
        }
    }

    /** The luma of one pixel. */
    public static float luma(float red, float green, float blue) {
        return LUMA[0] * red + LUMA[1] * green + LUMA[2] * blue;
    }

    @Override
    public String toString() {
        return "Grayscale";
    }
}
