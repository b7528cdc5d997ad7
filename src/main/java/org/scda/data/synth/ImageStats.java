package org.scda.data.synth;

import java.awt.image.BufferedImage;
import org.scda.data.BoundingBox;

/**
 * Cheap image statistics used to document a domain gap without a detector: mean brightness,
 * RMS contrast (standard deviation of luma) of a whole image and inside an object's box.
 * Luma is {@code 0.299 R + 0.587 G + 0.114 B} scaled to 0..1.
 */
public final class ImageStats {
    /** An object whose box has an RMS luma contrast below this is counted as low-contrast. */
    public static final double LOW_CONTRAST = 0.05;

    /**
     * The luma plane of an image.
     *
     * @param width  image width
     * @param height image height
     * @param values luma in 0..1, row-major
     */
    public record Luma(int width, int height, float[] values) {
        /** Mean luma. */
        public double mean() {
            double s = 0;
            for (float v : values) {
                s += v;
            }
            return s / values.length;
        }

        /** Standard deviation of luma over the image. */
        public double rmsContrast() {
            return stdDev(0, 0, width, height);
        }

        /** Standard deviation of luma over the pixels {@code [x1, x2) x [y1, y2)}. */
        public double stdDev(int x1, int y1, int x2, int y2) {
            double s = 0;
            double s2 = 0;
            int n = 0;
            for (int y = Math.max(0, y1); y < Math.min(height, y2); y++) {
                for (int x = Math.max(0, x1); x < Math.min(width, x2); x++) {
                    double v = values[y * width + x];
                    s += v;
                    s2 += v * v;
                    n++;
                }
            }
            if (n == 0) {
                return 0;
            }
            double m = s / n;
            return Math.sqrt(Math.max(0, s2 / n - m * m));
        }
    }

    private ImageStats() {
    }

    /** The luma plane of {@code img}. */
    public static Luma luma(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] px = ImageEffects.directPixels(img);
        if (px == null) {
            px = img.getRGB(0, 0, w, h, null, 0, w);
        }
        float[] l = new float[w * h];
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            l[i] = (float) ((0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff)) / 255);
        }
        return new Luma(w, h, l);
    }

    /** RMS luma contrast inside a box (the pixels whose centres it covers). */
    public static double boxContrast(Luma luma, BoundingBox box) {
        return luma.stdDev((int) Math.round(box.x1()), (int) Math.round(box.y1()),
                (int) Math.round(box.x2()), (int) Math.round(box.y2()));
    }
}
