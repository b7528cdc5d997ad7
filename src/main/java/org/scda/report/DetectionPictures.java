package org.scda.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.scda.api.DetectionPainter;
import org.scda.api.Detector;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.engine.Checkpoints;
import org.scda.engine.DetectorRunner;
import org.scda.eval.CocoResults;
import org.scda.experiment.RunEvaluation;

/**
 * Side-by-side detections of two models on the same target images (like the paper's Fig. 1):
 * left the source-only model, right the adapted one, each box with class and score, ground
 * truth as thin white outlines. The images are the first target-val images with objects on
 * which at least one of the two models detects something. The detections come from each
 * run's {@code detections_target_val.json}, else from its checkpoint through {@link Detector}.
 */
public final class DetectionPictures {
    /** Detections below this score are not drawn. */
    public static final double MIN_SCORE = 0.3;

    private DetectionPictures() {
    }

    /**
     * Writes one PNG per image (the first {@code count} target-val images with objects) into
     * {@code outDir} and returns the files.
     */
    public static List<Path> write(DetectionDataset targetVal, Path leftRun, String leftName, Path rightRun,
                                   String rightName, int count, Path outDir, String prefix) throws IOException {
        Map<Long, List<Detection>> left = byImage(detections(leftRun, targetVal));
        Map<Long, List<Detection>> right = byImage(detections(rightRun, targetVal));
        List<Path> files = new ArrayList<>();
        Files.createDirectories(outDir);
        List<DetectionSample> chosen = targetVal.samples().stream().filter(s -> !s.objects().isEmpty())
                .filter(s -> shown(left.get(s.id())) || shown(right.get(s.id()))).limit(count).toList();
        for (DetectionSample s : chosen) {
            BufferedImage image = withGroundTruth(DetectorRunner.readImage(s.image()), s);
            BufferedImage a = DetectionPainter.paint(image, left.getOrDefault(s.id(), List.of()), targetVal.classNames(), MIN_SCORE);
            BufferedImage b = DetectionPainter.paint(image, right.getOrDefault(s.id(), List.of()), targetVal.classNames(), MIN_SCORE);
            Path file = outDir.resolve(prefix + "-" + s.id() + ".png");
            ImageIO.write(sideBySide(a, leftName, b, rightName), "png", file.toFile());
            files.add(file);
        }
        return files;
    }

    private static boolean shown(List<Detection> dets) {
        return dets != null && dets.stream().anyMatch(d -> d.score() >= MIN_SCORE);
    }

    private static List<Detection> detections(Path run, DetectionDataset targetVal) {
        Path file = run.resolve(RunEvaluation.TARGET_DETECTIONS);
        if (Files.isRegularFile(file)) {
            return CocoResults.read(file);
        }
        try (Detector detector = Detector.load(Checkpoints.resolve(run))) {
            return detector.runner().detect(targetVal, 0, null);
        }
    }

    /** A copy of the image with the sample's ground-truth boxes as thin white outlines. */
    static BufferedImage withGroundTruth(BufferedImage image, DetectionSample sample) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.setColor(Color.WHITE);
        for (org.scda.data.ObjectAnnotation o : sample.objects()) {
            g.drawRect((int) Math.round(o.box().x1()), (int) Math.round(o.box().y1()),
                    (int) Math.round(o.box().width()), (int) Math.round(o.box().height()));
        }
        g.dispose();
        return out;
    }

    private static Map<Long, List<Detection>> byImage(List<Detection> dets) {
        return dets.stream().collect(Collectors.groupingBy(Detection::imageId));
    }

    /** Two images next to each other, scaled up to at least 512 pixels wide each, with titles. */
    static BufferedImage sideBySide(BufferedImage a, String aTitle, BufferedImage b, String bTitle) {
        int scale = Math.max(1, (int) Math.ceil(512.0 / Math.max(1, a.getWidth())));
        int w = a.getWidth() * scale;
        int h = a.getHeight() * scale;
        int title = 22;
        int gap = 8;
        BufferedImage out = new BufferedImage(2 * w + gap, h + title, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.drawImage(a, 0, title, w, h, null);
        g.drawImage(b, w + gap, title, w, h, null);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(aTitle, 4, 16);
        g.drawString(bTitle, w + gap + 4, 16);
        g.dispose();
        return out;
    }
}
