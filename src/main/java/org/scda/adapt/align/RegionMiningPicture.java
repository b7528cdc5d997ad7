package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.scda.adapt.mining.ImageNormalization;
import org.scda.adapt.mining.MinedRegions;
import org.scda.data.BoundingBox;

/**
 * The region-mining picture (like the paper's Fig. 3): on top the image, scaled up to at least
 * {@value #MIN_IMAGE_WIDTH} pixels wide, with the proposals (thin yellow), the K regions (red
 * squares), their centroids (red stars) and each region's index and weight Wt (green); below, one column
 * per region: the real patch and, if given, the reconstructed patch, each as a
 * {@value #TILE} x {@value #TILE} tile (nearest-neighbour).
 *
 * <p>Layout, with {@code s = max(1, ceil(MIN_IMAGE_WIDTH / W))} and {@code rows} = 1 or 2:
 * width {@code 2 * MARGIN + max(W * s, K * TILE + (K - 1) * MARGIN)}, height
 * {@code MARGIN + H * s + MARGIN + rows * (LABEL + TILE) + MARGIN}.
 */
public final class RegionMiningPicture {

    /** The image is scaled up by an integer factor to at least this width. */
    public static final int MIN_IMAGE_WIDTH = 512;
    /** Side of a patch tile in pixels. */
    public static final int TILE = 96;
    /** Margin around panels in pixels. */
    public static final int MARGIN = 8;
    /** Height of a label row above each row of tiles. */
    public static final int LABEL = 16;

    private static final Color PROPOSAL = new Color(255, 220, 0, 160);
    private static final Color REGION = new Color(230, 30, 30);
    private static final Color WEIGHT = new Color(40, 220, 40);

    private RegionMiningPicture() {
    }

    /**
     * Draws the picture.
     *
     * @param image {@code (1, 3, H, W)} the normalised image the regions were mined in
     * @param proposalBoxes {@code N * 4} proposal corners in image pixels (may be empty)
     * @param mined the regions, centroids and real patches {@code (K, 3, S, S)}
     * @param regionWeights {@code K} weights Wt to print, or null
     * @param reconstructed {@code (K, 3, S, S)} generated patches, or null for real patches only
     * @param imageNormalization how the image was normalised (patches are always in [-1, 1])
     */
    public static BufferedImage render(NDArray image, float[] proposalBoxes, MinedRegions mined,
                                       float[] regionWeights, NDArray reconstructed,
                                       ImageNormalization imageNormalization) {
        Shape shape = image.getShape();
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        int k = mined.numRegions();
        if (regionWeights != null && regionWeights.length != k) {
            throw new IllegalArgumentException(regionWeights.length + " weights for " + k + " regions");
        }
        int scale = Math.max(1, (MIN_IMAGE_WIDTH + width - 1) / width);
        int rows = reconstructed == null ? 1 : 2;
        int pictureWidth = 2 * MARGIN + Math.max(width * scale, k * TILE + (k - 1) * MARGIN);
        int pictureHeight = MARGIN + height * scale + MARGIN + rows * (LABEL + TILE) + MARGIN;
        BufferedImage picture = new BufferedImage(pictureWidth, pictureHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, pictureWidth, pictureHeight);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.drawImage(toImage(image.get(0), imageNormalization), MARGIN, MARGIN, width * scale, height * scale, null);
            drawOverlay(g, proposalBoxes, mined, regionWeights, scale);
            int top = MARGIN + height * scale + MARGIN;
            drawTiles(g, mined.realPatches(), "real", top, regionWeights, ImageNormalization.HALF);
            if (reconstructed != null) {
                drawTiles(g, reconstructed, "reconstructed", top + LABEL + TILE, null, ImageNormalization.HALF);
            }
        } finally {
            g.dispose();
        }
        return picture;
    }

    /**
     * The picture of one target image during adaptation: its Wt from the estimator and its
     * patches reconstructed by Gt (real patches only without generators).
     *
     * @param alignment the alignment being trained
     * @param image {@code (1, 3, H, W)} the normalised target image
     * @param proposalBoxes {@code N * 4} its proposals in image pixels
     * @param target its mined regions
     * @param imageNormalization how the image was normalised
     */
    public static BufferedImage renderTarget(RegionAlignment alignment, NDArray image, float[] proposalBoxes,
                                             MinedRegions target, ImageNormalization imageNormalization) {
        float[] weights = alignment.targetWeights(target).toFloatArray();
        NDArray reconstructed = alignment.reconstruct(target, false);
        return render(image, proposalBoxes, target, weights, reconstructed, imageNormalization);
    }

    /** Writes a picture as PNG, creating parent folders. */
    public static void write(BufferedImage picture, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(picture, "png", png.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static void drawOverlay(Graphics2D g, float[] boxes, MinedRegions mined, float[] weights, int scale) {
        g.setStroke(new BasicStroke(1f));
        g.setColor(PROPOSAL);
        for (int i = 0; i + 3 < boxes.length; i += 4) {
            g.drawRect(MARGIN + Math.round(boxes[i] * scale), MARGIN + Math.round(boxes[i + 1] * scale),
                    Math.round((boxes[i + 2] - boxes[i]) * scale), Math.round((boxes[i + 3] - boxes[i + 1]) * scale));
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        for (int r = 0; r < mined.numRegions(); r++) {
            BoundingBox box = mined.regions().get(r);
            g.setColor(REGION);
            g.setStroke(new BasicStroke(2f));
            g.drawRect(MARGIN + (int) Math.round(box.x1() * scale), MARGIN + (int) Math.round(box.y1() * scale),
                    (int) Math.round(box.width() * scale) - 1, (int) Math.round(box.height() * scale) - 1);
            float[] c = mined.centroids()[r];
            g.fill(star(MARGIN + c[0] * scale, MARGIN + c[1] * scale, 7));
            g.setColor(WEIGHT);
            String text = weights == null ? "#" + r : String.format("#%d %.2f", r, weights[r]);
            g.drawString(text, MARGIN + (int) Math.round(box.x1() * scale) + 4,
                    MARGIN + (int) Math.round(box.y1() * scale) + 16);
        }
    }

    private static void drawTiles(Graphics2D g, NDArray patches, String label, int top, float[] weights,
                                  ImageNormalization normalization) {
        int k = (int) patches.getShape().get(0);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int r = 0; r < k; r++) {
            int left = MARGIN + r * (TILE + MARGIN);
            g.setColor(Color.WHITE);
            String text = label + " " + r + (weights == null ? "" : String.format(" Wt=%.2f", weights[r]));
            g.drawString(text, left, top + LABEL - 4);
            try (NDArray patch = patches.get(r)) {
                g.drawImage(toImage(patch, normalization), left, top + LABEL, TILE, TILE, null);
            }
        }
    }

    /** An RGB image of a {@code (3, H, W)} normalised tensor. */
    static BufferedImage toImage(NDArray chw, ImageNormalization normalization) {
        Shape s = chw.getShape();
        int h = (int) s.get(1);
        int w = (int) s.get(2);
        float[] v = chw.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int red = normalization.toByte(0, v[i]);
                int green = normalization.toByte(1, v[plane + i]);
                int blue = normalization.toByte(2, v[2 * plane + i]);
                out.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return out;
    }

    private static Path2D star(float cx, float cy, float radius) {
        Path2D.Float p = new Path2D.Float();
        for (int i = 0; i < 10; i++) {
            double angle = Math.PI / 2 + i * Math.PI / 5;
            double r = i % 2 == 0 ? radius : radius * 0.45;
            float x = (float) (cx + r * Math.cos(angle));
            float y = (float) (cy - r * Math.sin(angle));
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }
}
