package org.scda.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;

class ImageTransformTest {

    /** A black image with a white rectangle at the given box. */
    private static BufferedImage withRect(int w, int h, int x1, int y1, int x2, int y2) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(x1, y1, x2 - x1, y2 - y1);
        g.dispose();
        return img;
    }

    /** Bounding box of pixels brighter than the mean in channel 0 of a prepared image. */
    private static float[] brightExtent(PreparedImage p) {
        float threshold = (0.5f - ImageTransform.MEAN[0]) / ImageTransform.STD[0];
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                if (p.pixels()[y * p.width() + x] > threshold) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x + 1);
                    maxY = Math.max(maxY, y + 1);
                }
            }
        }
        return new float[] {minX, minY, maxX, maxY};
    }

    @Test
    void resizeScalesBoxesWithThePixels() {
        BufferedImage img = withRect(200, 100, 20, 30, 60, 70);
        PreparedImage p = new ImageTransform(50, 1000).apply(img, List.of(new BoundingBox(20, 30, 60, 70)), false);
        assertThat(p.width()).isEqualTo(100);
        assertThat(p.height()).isEqualTo(50);
        assertThat(p.scale()).isEqualTo(0.5);
        assertThat(p.boxes()).containsExactly(10f, 15f, 30f, 35f);
        float[] seen = brightExtent(p);
        for (int i = 0; i < 4; i++) {
            assertThat(seen[i]).isCloseTo(p.boxes()[i], within(1.01f));
        }
    }

    @Test
    void maxSizeCapsTheLongerSide() {
        ImageTransform t = new ImageTransform(600, 1000);
        assertThat(t.scaleFor(2048, 1024)).isCloseTo(1000.0 / 2048, within(1e-12));
        assertThat(t.scaleFor(800, 600)).isEqualTo(1.0);
    }

    @Test
    void flipMirrorsPixelsAndBoxes() {
        BufferedImage img = withRect(256, 128, 10, 20, 50, 60);
        PreparedImage p = new ImageTransform(128, 512).apply(img, List.of(new BoundingBox(10, 20, 50, 60)), true);
        assertThat(p.flipped()).isTrue();
        assertThat(p.boxes()).containsExactly(206f, 20f, 246f, 60f);
        assertThat(brightExtent(p)).containsExactly(206f, 20f, 246f, 60f);
    }

    @Test
    void normalisesWithImageNetStatistics() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, new Color(255, 0, 128).getRGB());
        PreparedImage p = new ImageTransform(4, 4).apply(img);
        int plane = 16;
        assertThat(p.pixels()[0]).isCloseTo((1f - 0.485f) / 0.229f, within(1e-5f));
        assertThat(p.pixels()[plane]).isCloseTo((0f - 0.456f) / 0.224f, within(1e-5f));
        assertThat(p.pixels()[2 * plane]).isCloseTo((128 / 255f - 0.406f) / 0.225f, within(1e-5f));
        assertThat(p.numBoxes()).isZero();
    }

    @Test
    void augmentationSeesTheMirroredUnitPixelsAndLeavesTheBoxes() {
        BufferedImage img = withRect(256, 128, 10, 20, 50, 60);
        List<BoundingBox> boxes = List.of(new BoundingBox(10, 20, 50, 60));
        ImageTransform t = new ImageTransform(128, 512);
        PreparedImage plain = t.apply(img, boxes, true);
        float[] seen = new float[2];
        PhotometricTransform darken = (image, random) -> {
            seen[0] = TestPlanes.at(image, 0, 10, 30); // left of the mirrored rectangle: black
            seen[1] = TestPlanes.at(image, 0, 210, 30); // inside it: white
            for (int i = 0; i < image.values().length; i++) {
                image.values()[i] *= 0.5f;
            }
        };
        PreparedImage augmented = t.apply(img, boxes, true, darken, new java.util.Random(1));
        assertThat(seen).containsExactly(0f, 1f);
        assertThat(augmented.boxes()).containsExactly(plain.boxes());
        assertThat(augmented.flipped()).isTrue();
        // white (1) halved is 0.5 before normalisation
        assertThat(augmented.pixels()[30 * 256 + 210]).isCloseTo((0.5f - ImageTransform.MEAN[0]) / ImageTransform.STD[0],
                within(1e-6f));
        // no augmentation: the plain transform, value for value
        assertThat(t.apply(img, boxes, true, null, null).pixels()).containsExactly(plain.pixels());
    }
}
