package org.scda.data.transform;

import java.util.Random;

/**
 * Random brightness, contrast, saturation and hue, applied in a random order (torchvision's
 * {@code ColorJitter} on tensors): brightness, contrast and saturation factors are drawn
 * uniformly from {@code [max(0, 1 - x), 1 + x]}, the hue shift from {@code [-hue, hue]} (a
 * fraction of the colour wheel). Brightness scales the pixels, contrast blends them with the
 * image's mean {@link Grayscale#luma luma}, saturation with each pixel's own luma, all clamped
 * to [0, 1]; hue rotates the HSV hue. A factor of 1 (a shift of 0) leaves the image as it is.
 *
 * <p>Draws, in this order: the order of the four adjustments (a permutation), then the
 * brightness, contrast, saturation factors and the hue shift, always all of them, so the number
 * of draws does not depend on the settings; an adjustment whose setting is 0 is not applied.
 */
public final class ColorJitter implements PhotometricTransform {
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;

    /**
     * @param brightness how far the brightness factor may stray from 1, >= 0
     * @param contrast   how far the contrast factor may stray from 1, >= 0
     * @param saturation how far the saturation factor may stray from 1, >= 0
     * @param hue        the largest hue shift, in [0, 0.5] (0.5 is half the colour wheel)
     */
    public ColorJitter(double brightness, double contrast, double saturation, double hue) {
        for (double x : new double[] {brightness, contrast, saturation}) {
            if (!(x >= 0 && Double.isFinite(x))) {
                throw new IllegalArgumentException("brightness, contrast and saturation must be finite and >= 0, got " + x);
            }
        }
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("hue must be in [0, 0.5], got " + hue);
        }
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        this.hue = hue;
    }

    @Override
    public void apply(RgbPlanes image, Random random) {
        int[] order = permutation(4, random);
        float b = factor(brightness, random);
        float c = factor(contrast, random);
        float s = factor(saturation, random);
        float h = (float) (hue * (2 * random.nextDouble() - 1));
        for (int step : order) {
            switch (step) {
                case 0 -> {
                    if (brightness > 0) {
                        adjustBrightness(image, b);
                    }
                }
                case 1 -> {
                    if (contrast > 0) {
                        adjustContrast(image, c);
                    }
                }
                case 2 -> {
                    if (saturation > 0) {
                        adjustSaturation(image, s);
                    }
                }
                default -> {
                    if (hue > 0) {
                        adjustHue(image, h);
                    }
                }
            }
        }
    }

    private static float factor(double spread, Random random) {
        double low = Math.max(0, 1 - spread);
        return (float) (low + (1 + spread - low) * random.nextDouble());
    }

    /** A uniformly random order of {@code 0..n-1} (Fisher-Yates). */
    static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Multiplies every value by {@code factor}, clamped to [0, 1]. */
    public static void adjustBrightness(RgbPlanes image, float factor) {
        float[] v = image.values();
        for (int i = 0; i < v.length; i++) {
            v[i] = clamp(factor * v[i]);
        }
    }

    /** Blends every value with the image's mean luma: {@code factor * v + (1 - factor) * mean}, clamped. */
    public static void adjustContrast(RgbPlanes image, float factor) {
        float[] v = image.values();
        int plane = image.planeSize();
        double sum = 0;
        for (int i = 0; i < plane; i++) {
            sum += Grayscale.luma(v[i], v[plane + i], v[2 * plane + i]);
        }
        float mean = (float) (sum / plane);
        float rest = (1 - factor) * mean;
        for (int i = 0; i < v.length; i++) {
            v[i] = clamp(factor * v[i] + rest);
        }
    }

    /** Blends each pixel with its own luma: {@code factor * v + (1 - factor) * luma}, clamped (0: grey). */
    public static void adjustSaturation(RgbPlanes image, float factor) {
        float[] v = image.values();
        int plane = image.planeSize();
        for (int i = 0; i < plane; i++) {
            float rest = (1 - factor) * Grayscale.luma(v[i], v[plane + i], v[2 * plane + i]);
            v[i] = clamp(factor * v[i] + rest);
            v[plane + i] = clamp(factor * v[plane + i] + rest);
            v[2 * plane + i] = clamp(factor * v[2 * plane + i] + rest);
        }
    }

    /**
     * Rotates each pixel's HSV hue by {@code shift} (a fraction of the wheel, in [-0.5, 0.5]);
     * saturation and value stay. The conversions are torchvision's {@code _rgb2hsv} and
     * {@code _hsv2rgb}.
     */
    public static void adjustHue(RgbPlanes image, float shift) {
        float[] v = image.values();
        int plane = image.planeSize();
        for (int i = 0; i < plane; i++) {
            float r = v[i];
            float g = v[plane + i];
            float b = v[2 * plane + i];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            if (max == min) {
                continue; // grey: no hue to rotate
            }
            float chroma = max - min;
            float sat = chroma / max;
            float rc = (max - r) / chroma;
            float gc = (max - g) / chroma;
            float bc = (max - b) / chroma;
            float h;
            if (max == r) {
                h = bc - gc;
            } else if (max == g) {
                h = 2 + rc - bc;
            } else {
                h = 4 + gc - rc;
            }
            h = h / 6 + 1;
            h = h - (float) Math.floor(h);
            h += shift;
            h = h - (float) Math.floor(h);
            float h6 = h * 6;
            int sector = (int) Math.floor(h6);
            float f = h6 - sector;
            sector = Math.floorMod(sector, 6);
            float p = clamp(max * (1 - sat));
            float q = clamp(max * (1 - sat * f));
            float t = clamp(max * (1 - sat * (1 - f)));
            float nr;
            float ng;
            float nb;
            switch (sector) {
                case 0 -> { nr = max; ng = t; nb = p; }
                case 1 -> { nr = q; ng = max; nb = p; }
                case 2 -> { nr = p; ng = max; nb = t; }
                case 3 -> { nr = p; ng = q; nb = max; }
                case 4 -> { nr = t; ng = p; nb = max; }
                default -> { nr = max; ng = p; nb = q; }
            }
            v[i] = nr;
            v[plane + i] = ng;
            v[2 * plane + i] = nb;
        }
    }

    private static float clamp(float x) {
        return x < 0 ? 0 : Math.min(x, 1);
    }

    @Override
    public String toString() {
        return "ColorJitter(brightness " + brightness + ", contrast " + contrast + ", saturation " + saturation
                + ", hue " + hue + ")";
    }
}
