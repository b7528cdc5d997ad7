package org.scda.data.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Pixel operations on packed {@code 0xRRGGBB} arrays (row-major, {@code w * h}): lighting
 * gradients and the camera response of {@link DomainStyle.Sensor}. In place, deterministic
 * for a given random generator.
 */
final class ImageEffects {
    private ImageEffects() {
    }

    /**
     * The pixels of a whole {@code TYPE_INT_RGB} image (not a sub-image), row by row, without a
     * copy: reads and writes go through. Only the low 24 bits ({@code 0xRRGGBB}) are the colour,
     * as {@code getRGB} and {@code setRGB} see it; write values without alpha.
     *
     * @throws IllegalArgumentException for another image
     */
    static int[] pixels(BufferedImage img) {
        int[] px = directPixels(img);
        if (px == null) {
            throw new IllegalArgumentException("not a whole TYPE_INT_RGB image: type " + img.getType());
        }
        return px;
    }

    /** {@link #pixels}, or null for an image whose pixels are not one such array. */
    static int[] directPixels(BufferedImage img) {
        WritableRaster r = img.getRaster();
        boolean whole = img.getType() == BufferedImage.TYPE_INT_RGB && r.getSampleModelTranslateX() == 0
                && r.getSampleModelTranslateY() == 0 && r.getSampleModel() instanceof SinglePixelPackedSampleModel sm
                && sm.getScanlineStride() == img.getWidth() && r.getDataBuffer().getSize() == img.getWidth() * img.getHeight();
        return whole ? ((DataBufferInt) r.getDataBuffer()).getData() : null;
    }

    /** Multiplies brightness by a linear ramp from {@code left} to {@code right} across the image. */
    static void horizontalLight(int[] px, int w, int h, double left, double right) {
        double[] gain = new double[w];
        for (int x = 0; x < w; x++) {
            gain[x] = left + (right - left) * (x + 0.5) / w;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                px[i] = scale(px[i], gain[x], gain[x], gain[x]);
            }
        }
    }

    /** Applies white balance, gamma, vignetting, blur and noise, in that order. */
    static void sensor(int[] px, int w, int h, DomainStyle.Sensor s, SplittableRandom rng) {
        if (s.isIdeal()) {
            return;
        }
        double[] lut = new double[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = 255 * Math.pow(v / 255.0, s.gamma());
        }
        double cx = w / 2.0;
        double cy = h / 2.0;
        double maxR2 = cx * cx + cy * cy;
        float[][] ch = new float[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double vig = 1 - s.vignetting() * (dx * dx + dy * dy) / maxR2;
                int p = px[i];
                ch[0][i] = (float) (gamma(lut, ((p >> 16) & 0xff) * s.whiteR()) * vig);
                ch[1][i] = (float) (gamma(lut, ((p >> 8) & 0xff) * s.whiteG()) * vig);
                ch[2][i] = (float) (gamma(lut, (p & 0xff) * s.whiteB()) * vig);
            }
        }
        if (s.blurSigma() > 0) {
            for (float[] c : ch) {
                gaussianBlur(c, w, h, s.blurSigma());
            }
        }
        for (int i = 0; i < px.length; i++) {
            double r = ch[0][i];
            double g = ch[1][i];
            double b = ch[2][i];
            if (s.noiseSigma() > 0) {
                r += rng.nextGaussian() * s.noiseSigma();
                g += rng.nextGaussian() * s.noiseSigma();
                b += rng.nextGaussian() * s.noiseSigma();
            }
            px[i] = (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
        }
    }

    /** Separable Gaussian blur with clamped edges. */
    static void gaussianBlur(float[] c, int w, int h, double sigma) {
        double[] k = gaussianKernel(sigma);
        int radius = k.length / 2;
        float[] tmp = new float[c.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double acc = 0;
                if (x >= radius && x < w - radius) {
                    for (int i = -radius; i <= radius; i++) {
                        acc += k[i + radius] * c[row + x + i];
                    }
                } else {
                    for (int i = -radius; i <= radius; i++) {
                        int xx = Math.min(w - 1, Math.max(0, x + i));
                        acc += k[i + radius] * c[row + xx];
                    }
                }
                tmp[row + x] = (float) acc;
            }
        }
        // Row by row: each output pixel adds its taps in the same order as a per-pixel loop
        // would, so the result is bit for bit the same, with reads along rows.
        double[] acc = new double[w];
        for (int y = 0; y < h; y++) {
            Arrays.fill(acc, 0);
            for (int i = -radius; i <= radius; i++) {
                int row = Math.min(h - 1, Math.max(0, y + i)) * w;
                double ki = k[i + radius];
                for (int x = 0; x < w; x++) {
                    acc[x] += ki * tmp[row + x];
                }
            }
            for (int x = 0; x < w; x++) {
                c[y * w + x] = (float) acc[x];
            }
        }
    }

    /** Normalised Gaussian taps from {@code -radius} to {@code radius}, radius {@code max(1, ceil(2.5 sigma))}. */
    static double[] gaussianKernel(double sigma) {
        int radius = Math.max(1, (int) Math.ceil(2.5 * sigma));
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    static int scale(int p, double gr, double gg, double gb) {
        return (clamp(((p >> 16) & 0xff) * gr) << 16) | (clamp(((p >> 8) & 0xff) * gg) << 8) | clamp((p & 0xff) * gb);
    }

    static int clamp(double v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5);
    }

    private static double gamma(double[] lut, double v) {
        return lut[clamp(v)];
    }
}
