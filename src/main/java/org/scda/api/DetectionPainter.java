package org.scda.api;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.mask.Rle;
import org.scda.eval.MaskDetection;

/** Draws detections (box, class name, score, and the mask of a Mask R-CNN detection) on a copy of an image. */
public final class DetectionPainter {
    private static final Color[] PALETTE = {
        new Color(230, 25, 75), new Color(60, 180, 75), new Color(0, 130, 200), new Color(245, 130, 48),
        new Color(145, 30, 180), new Color(70, 240, 240), new Color(240, 50, 230), new Color(210, 245, 60)};

    /** Opacity of a mask's fill over the image. */
    public static final double MASK_ALPHA = 0.45;

    private DetectionPainter() {
    }

    private static void fillMasks(BufferedImage out, List<Detection> detections, List<Rle> masks, double minScore) {
        int w = out.getWidth();
        int h = out.getHeight();
        for (int i = detections.size() - 1; i >= 0; i--) {
            Detection d = detections.get(i);
            Rle mask = masks.get(i);
            if (d.score() < minScore) {
                continue;
            }
            if (mask.width() != w || mask.height() != h) {
                throw new IllegalArgumentException("mask " + mask.width() + "x" + mask.height() + " on a " + w + "x" + h
                        + " image");
            }
            Color c = PALETTE[d.classId() % PALETTE.length];
            boolean[] pixels = mask.decode();
            for (int p = 0; p < pixels.length; p++) {
                if (pixels[p]) {
                    int x = p % w;
                    int y = p / w;
                    int rgb = out.getRGB(x, y);
                    out.setRGB(x, y, blend(rgb >> 16 & 0xff, c.getRed()) << 16 | blend(rgb >> 8 & 0xff, c.getGreen()) << 8
                            | blend(rgb & 0xff, c.getBlue()));
                }
            }
        }
    }

    private static int blend(int under, int over) {
        return (int) Math.round((1 - MASK_ALPHA) * under + MASK_ALPHA * over);
    }

    /** A copy of {@code image} with every detection scoring at least {@code minScore} drawn. */
    public static BufferedImage paint(BufferedImage image, List<Detection> detections, List<String> classNames,
                                      double minScore) {
        return paint(image, detections, null, classNames, minScore);
    }

    /**
     * As {@link #paint(BufferedImage, List, List, double)}, each drawn detection's mask first
     * filled semi-transparently ({@link #MASK_ALPHA}) in its class colour.
     *
     */
    public static BufferedImage paintWithMasks(BufferedImage image, List<MaskDetection> detections,
                                               List<String> classNames, double minScore) {
        return paint(image, detections.stream().map(MaskDetection::detection).toList(),
                detections.stream().map(MaskDetection::mask).toList(), classNames, minScore);
    }

    private static BufferedImage paint(BufferedImage image, List<Detection> detections, List<Rle> masks,
                                       List<String> classNames, double minScore) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        if (masks != null) {
            fillMasks(out, detections, masks, minScore);
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int fontSize = Math.max(9, Math.min(image.getWidth(), image.getHeight()) / 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(Math.max(1f, fontSize / 8f)));
        for (int i = detections.size() - 1; i >= 0; i--) {
            Detection d = detections.get(i);
            if (d.score() < minScore) {
                continue;
            }
            Color c = PALETTE[d.classId() % PALETTE.length];
            BoundingBox b = d.box();
            int x = (int) Math.round(b.x1());
            int y = (int) Math.round(b.y1());
            int w = (int) Math.round(b.width());
            int h = (int) Math.round(b.height());
            g.setColor(c);
            g.drawRect(x, y, w, h);
            String name = d.classId() < classNames.size() ? classNames.get(d.classId()) : "class " + d.classId();
            String label = String.format(Locale.ROOT, "%s %.2f", name, d.score());
            int tw = fm.stringWidth(label) + 4;
            int th = fm.getHeight();
            int ty = y - th < 0 ? y : y - th;
            g.fillRect(x, ty, tw, th);
            g.setColor(Color.WHITE);
            g.drawString(label, x + 2, ty + fm.getAscent());
        }
        g.dispose();
        return out;
    }
}
