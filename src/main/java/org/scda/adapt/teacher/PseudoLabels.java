package org.scda.adapt.teacher;

import java.util.Arrays;
import org.scda.model.ImageTargets;
import org.scda.model.roi.ImageDetections;

/**
 * A teacher's detections as the student's targets: the boxes scored at least {@code threshold},
 * with their classes; the rest of the image is background (an image without one confident box
 * teaches the student that it holds no object, as in the published recipes).
 */
public final class PseudoLabels {
    private PseudoLabels() {
    }

    /**
     * @param detections the teacher's detections in input pixels (model classes 1..K-1)
     * @param threshold  in (0, 1)
     * @return boxes and model classes of the detections scored at least {@code threshold}, in the
     *     detections' order; no polygons
     */
    public static ImageTargets of(ImageDetections detections, float threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        }
        int n = detections.size();
        float[] boxes = new float[4 * n];
        int[] labels = new int[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (detections.scores()[i] >= threshold) {
                System.arraycopy(detections.boxes(), 4 * i, boxes, 4 * kept, 4);
                labels[kept++] = detections.labels()[i];
            }
        }
        return new ImageTargets(Arrays.copyOf(boxes, 4 * kept), Arrays.copyOf(labels, kept));
    }
}
