package org.scda.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.scda.data.BoundingBox;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.data.SkipReport;

/**
 * Test scenes drawn with Java2D: a textured background with 1-3 objects, class 0 a red
 * rectangle, class 1 a blue ellipse (alternating), 14-60 px, boxes known exactly.
 */
public final class ToyScenes {
    private ToyScenes() {
    }

    public static DetectionDataset generate(Path dir, int count, int width, int height, long seed) throws IOException {
        return generate(dir, count, width, height, seed, false);
    }

    /**
     * As {@link #generate(Path, int, int, int, long)}, with each object's outline as a polygon
     * when {@code polygons}: the rectangle's four corners, the ellipse as 24 points on it.
     */
    public static DetectionDataset generate(Path dir, int count, int width, int height, long seed, boolean polygons)
            throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        List<DetectionSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(90 + r.nextInt(60), 110 + r.nextInt(60), 80 + r.nextInt(40)));
            g.fillRect(0, 0, width, height);
            for (int k = 0; k < 30; k++) {
                g.setColor(new Color(60 + r.nextInt(120), 80 + r.nextInt(120), 60 + r.nextInt(100)));
                g.fillRect(r.nextInt(width), r.nextInt(height), 2 + r.nextInt(10), 2 + r.nextInt(10));
            }
            List<ObjectAnnotation> objects = new ArrayList<>();
            int n = 1 + r.nextInt(3);
            for (int k = 0; k < n && objects.size() < n; k++) {
                int w = 14 + r.nextInt(46);
                int h = 14 + r.nextInt(Math.min(46, height - 20));
                int x = r.nextInt(width - w);
                int y = r.nextInt(height - h);
                BoundingBox box = new BoundingBox(x, y, x + w, y + h);
                if (objects.stream().anyMatch(o -> o.box().iou(box) > 0)) {
                    continue;
                }
                int cls = (i + objects.size()) % 2; // both classes in every pair of images
                if (cls == 0) {
                    g.setColor(new Color(200 + r.nextInt(55), 30, 30));
                    g.fillRect(x, y, w, h);
                } else {
                    g.setColor(new Color(30, 40, 200 + r.nextInt(55)));
                    g.fillOval(x, y, w, h);
                }
                objects.add(new ObjectAnnotation(box, cls, false,
                        polygons ? List.of(outline(box, cls == 1)) : List.of()));
            }
            g.dispose();
            Path file = dir.resolve(String.format("img%04d.png", i));
            ImageIO.write(img, "png", file.toFile());
            samples.add(new DetectionSample(i + 1, file, width, height, objects));
        }
        return new DetectionDataset("toy", List.of("box", "ellipse"), samples, true, SkipReport.empty());
    }

    private static Polygon outline(BoundingBox box, boolean ellipse) {
        if (!ellipse) {
            return new Polygon(new double[] {box.x1(), box.y1(), box.x2(), box.y1(), box.x2(), box.y2(), box.x1(), box.y2()});
        }
        int n = 24;
        double[] xy = new double[2 * n];
        double cx = (box.x1() + box.x2()) / 2;
        double cy = (box.y1() + box.y2()) / 2;
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            xy[2 * i] = cx + box.width() / 2 * Math.cos(a);
            xy[2 * i + 1] = cy + box.height() / 2 * Math.sin(a);
        }
        return new Polygon(xy);
    }
}
