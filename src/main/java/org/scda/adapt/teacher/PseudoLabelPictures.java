package org.scda.adapt.teacher;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.scda.adapt.core.UnlabelledImages;
import org.scda.data.transform.ImageTransform;
import org.scda.model.ImageTargets;

/**
 * Writes what the student is taught every {@code period} target iterations (and at the first):
 * {@code iter_NNNNNN_pseudo.png}, the teacher's view with its pseudo-labels (class names) on the
 * left and the student's strongly augmented view of the same image on the right, at twice the
 * input size.
 */
public final class PseudoLabelPictures implements TeacherStep.PseudoLabelObserver {
    private static final int ZOOM = 2;
    private static final Color BOX = new Color(40, 220, 90);

    private final Path dir;
    private final int period;
    private final int first;
    private final List<String> classNames;
    private final List<Path> written = new ArrayList<>();

    /**
     * @param period     every N iterations, 0 = never
     * @param first      the first target iteration, pictured too
     * @param classNames the dataset's classes (model class c is {@code classNames[c - 1]})
     */
    public PseudoLabelPictures(Path dir, int period, int first, List<String> classNames) {
        this.dir = dir;
        this.period = period;
        this.first = first;
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public void observe(int iteration, UnlabelledImages.Views views, ImageTargets pseudoLabels) {
        if (period <= 0 || (iteration != first && (iteration + 1) % period != 0)) {
            return;
        }
        Path file = dir.resolve(String.format("iter_%06d_pseudo.png", iteration + 1));
        try {
            Files.createDirectories(dir);
            ImageIO.write(render(views, pseudoLabels, classNames), "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write picture " + file + ": " + e.getMessage(), e);
        }
        written.add(file);
    }

    /** The two views side by side, the pseudo-labels drawn on the teacher's. */
    static BufferedImage render(UnlabelledImages.Views views, ImageTargets pseudoLabels, List<String> classNames) {
        BufferedImage weak = ImageTransform.toImage(views.weak());
        BufferedImage strong = ImageTransform.toImage(views.strong());
        int w = weak.getWidth() * ZOOM;
        int h = weak.getHeight() * ZOOM;
        int header = 18;
        BufferedImage out = new BufferedImage(2 * w + 4, h + header, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(weak, 0, header, w, h, null);
        g.drawImage(strong, w + 4, header, w, h, null);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString("teacher's view: " + pseudoLabels.size() + " pseudo-labels", 4, 13);
        g.drawString("student's view (strong augmentation)", w + 8, 13);
        g.setStroke(new BasicStroke(2f));
        float[] b = pseudoLabels.boxes();
        for (int i = 0; i < pseudoLabels.size(); i++) {
            int x1 = Math.round(b[4 * i] * ZOOM);
            int y1 = Math.round(b[4 * i + 1] * ZOOM) + header;
            int x2 = Math.round(b[4 * i + 2] * ZOOM);
            int y2 = Math.round(b[4 * i + 3] * ZOOM) + header;
            g.setColor(BOX);
            g.drawRect(x1, y1, x2 - x1, y2 - y1);
            int c = pseudoLabels.labels()[i] - 1;
            g.drawString(c >= 0 && c < classNames.size() ? classNames.get(c) : "class " + (c + 1), x1 + 2,
                    Math.max(header + 11, y1 - 2));
        }
        g.dispose();
        return out;
    }

    /** Files written so far. */
    public List<Path> written() {
        return List.copyOf(written);
    }
}
