package org.scda.data.transform;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.scda.data.BoundingBox;

/**
 * Resizes an image so its shorter side is {@code shortSide} (longer side at most
 * {@code maxSize}), normalises it with ImageNet statistics, and optionally mirrors it and
 * changes its pixel values with a {@link PhotometricTransform} (training augmentation). Boxes
 * follow every geometric change. Thread-safe and stateless.
 */
public final class ImageTransform {
    /** ImageNet RGB mean of pixels in [0, 1]. */
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet RGB standard deviation of pixels in [0, 1]. */
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final int shortSide;
    private final int maxSize;

    public ImageTransform(int shortSide, int maxSize) {
        if (shortSide <= 0 || maxSize < shortSide) {
            throw new IllegalArgumentException("need 0 < shortSide <= maxSize, got " + shortSide + ", " + maxSize);
        }
        this.shortSide = shortSide;
        this.maxSize = maxSize;
    }

    /** The scale that maps an image of this size to the network's input size. */
    public double scaleFor(int width, int height) {
        double scale = (double) shortSide / Math.min(width, height);
        if (Math.round(Math.max(width, height) * scale) > maxSize) {
            scale = (double) maxSize / Math.max(width, height);
        }
        return scale;
    }

    /**
     * Prepares an image with its boxes (in the image's own pixels).
     *
     * @param image the image as stored
     * @param boxes ground truth in the stored image's pixels, may be empty
     * @param flip  mirror left-right
     */
    public PreparedImage apply(BufferedImage image, List<BoundingBox> boxes, boolean flip) {
        return apply(image, boxes, flip, null, null);
    }

    /**
     * Prepares an image with its boxes, changing its pixel values with {@code augmentation}
     * after the resize and flip, on RGB in [0, 1] before normalisation (so that blur sigmas and
     * erased areas are in network-input pixels). The boxes are those of the plain
     * {@link #apply(BufferedImage, List, boolean)}: a photometric transform moves no pixel.
     *
     * @param image        the image as stored
     * @param boxes        ground truth in the stored image's pixels, may be empty
     * @param flip         mirror left-right
     * @param augmentation the change of pixel values, or null for none
     * @param random       what {@code augmentation} draws from (unused when it is null)
     */
    public PreparedImage apply(BufferedImage image, List<BoundingBox> boxes, boolean flip,
                               PhotometricTransform augmentation, Random random) {
        int w0 = image.getWidth();
        int h0 = image.getHeight();
        double scale = scaleFor(w0, h0);
        int w = Math.max(1, (int) Math.round(w0 * scale));
        int h = Math.max(1, (int) Math.round(h0 * scale));
        RgbPlanes rgb = planes(resize(image, w, h), flip);
        if (augmentation != null) {
            augmentation.apply(rgb, random);
        }
        float[] pixels = normalise(rgb);
        double sx = (double) w / w0;
        double sy = (double) h / h0;
        float[] out = new float[boxes.size() * 4];
        for (int i = 0; i < boxes.size(); i++) {
            BoundingBox b = boxes.get(i);
            float x1 = (float) (b.x1() * sx);
            float x2 = (float) (b.x2() * sx);
            out[4 * i] = flip ? w - x2 : x1;
            out[4 * i + 1] = (float) (b.y1() * sy);
            out[4 * i + 2] = flip ? w - x1 : x2;
            out[4 * i + 3] = (float) (b.y2() * sy);
        }
        return new PreparedImage(pixels, w, h, scale, w0, h0, out, flip);
    }

    /** Prepares an image without boxes and without flipping (inference). */
    public PreparedImage apply(BufferedImage image) {
        return apply(image, List.of(), false);
    }

    private static BufferedImage resize(BufferedImage image, int w, int h) {
        if (image.getWidth() == w && image.getHeight() == h && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** The pixels as RGB planes in [0, 1], mirrored left-right if {@code flip}. */
    private static RgbPlanes planes(BufferedImage rgb, boolean flip) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] argb = rgb.getRGB(0, 0, w, h, null, 0, w);
        int plane = w * h;
        float[] out = new float[3 * plane];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + (flip ? w - 1 - x : x)];
                int o = y * w + x;
                out[o] = ((p >> 16) & 0xff) / 255f;
                out[plane + o] = ((p >> 8) & 0xff) / 255f;
                out[2 * plane + o] = (p & 0xff) / 255f;
            }
        }
        return new RgbPlanes(out, w, h);
    }

    /** {@code (v - MEAN[c]) / STD[c]} in place; the planes' array. */
    private static float[] normalise(RgbPlanes rgb) {
        float[] v = rgb.values();
        int plane = rgb.planeSize();
        for (int c = 0; c < 3; c++) {
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                v[i] = (v[i] - MEAN[c]) / STD[c];
            }
        }
        return v;
    }

    /**
     * A prepared image back as a picture (what the network sees, flip included): the inverse of
     * the normalisation, clipped to [0, 255].
     */
    public static BufferedImage toImage(PreparedImage image) {
        int w = image.width();
        int h = image.height();
        int plane = w * h;
        float[] v = image.pixels();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = y * w + x;
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    int b = Math.round((v[c * plane + o] * STD[c] + MEAN[c]) * 255f);
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, b));
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }
}
