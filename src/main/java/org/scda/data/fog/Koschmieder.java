package org.scda.data.fog;

import java.awt.image.BufferedImage;

/**
 * Koschmieder's law of homogeneous fog, as used by Foggy Cityscapes:
 * {@code I = t * R + (1 - t) * L} with transmittance {@code t = exp(-beta * d)}, where
 * {@code R} is the clear-weather radiance, {@code L} the atmospheric light and {@code d} the
 * distance in metres. Pure functions; the only place in scda where fog is computed.
 */
public final class Koschmieder {
    /** Atmospheric light used when none is given: a light, slightly blue grey. */
    public static final int DEFAULT_AIRLIGHT = rgb(222, 224, 228);

    private Koschmieder() {
    }

    /**
     * Transmittance {@code exp(-beta * depth)}; 0 for an infinite depth (sky), 1 for depth 0.
     *
     * @param beta  attenuation coefficient in 1/m, {@code >= 0}
     * @param depth distance in metres, {@code >= 0} (may be infinite)
     */
    public static double transmittance(double beta, double depth) {
        if (beta < 0 || Double.isNaN(beta)) {
            throw new IllegalArgumentException("fog beta must be >= 0, got " + beta);
        }
        if (Double.isInfinite(depth)) {
            return beta == 0 ? 1 : 0;
        }
        return Math.exp(-beta * Math.max(depth, 0));
    }

    /** One channel under fog: {@code t * radiance + (1 - t) * airlight}. */
    public static double fogValue(double radiance, double t, double airlight) {
        return t * radiance + (1 - t) * airlight;
    }

    /** One packed {@code 0xRRGGBB} pixel under fog of transmittance {@code t}, rounded. */
    public static int fogPixel(int rgb, double t, int airlightRgb) {
        int r = channel(fogValue((rgb >> 16) & 0xff, t, (airlightRgb >> 16) & 0xff));
        int g = channel(fogValue((rgb >> 8) & 0xff, t, (airlightRgb >> 8) & 0xff));
        int b = channel(fogValue(rgb & 0xff, t, airlightRgb & 0xff));
        return (r << 16) | (g << 8) | b;
    }

    /**
     * A fogged copy of {@code clear}.
     *
     * @param clear       the clear-weather image
     * @param depth       distance in metres per pixel, row-major {@code width * height}; infinite
     *                    for sky
     * @param beta        attenuation coefficient in 1/m (Foggy Cityscapes uses 0.005, 0.01, 0.02)
     * @param airlightRgb the atmospheric light as {@code 0xRRGGBB}
     * @return a new {@code TYPE_INT_RGB} image
     */
    public static BufferedImage apply(BufferedImage clear, float[] depth, double beta, int airlightRgb) {
        int w = clear.getWidth();
        int h = clear.getHeight();
        if (depth.length != w * h) {
            throw new IllegalArgumentException("depth map has " + depth.length + " values for a " + w + "x" + h + " image");
        }
        int[] pixels = clear.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = fogPixel(pixels[i], transmittance(beta, depth[i]), airlightRgb);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, pixels, 0, w);
        return out;
    }

    /** Packs 0..255 channels as {@code 0xRRGGBB}. */
    public static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    private static int channel(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
