package org.scda.spark;

import java.io.Serializable;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.eval.ImageMatch;

/**
 * What an executor made of one {@link ImageTask}: the detections (as the detector returned them,
 * best first) or why the image was skipped, and the image's evaluation matching when the job
 * evaluates. Arrays instead of {@link Detection} lists: a compact serializable form.
 *
 * @param id         the image id
 * @param path       the image file
 * @param width      width in pixels (0 when skipped)
 * @param height     height in pixels (0 when skipped)
 * @param classIds   per detection its class id (the model's classes)
 * @param scores     per detection its score
 * @param boxes      per detection x1, y1, x2, y2
 * @param skipReason the one-line reason the image was skipped (naming its path), or null
 * @param match      the evaluator's matching of the image, or null without evaluation
 */
public record ImageResult(long id, String path, int width, int height, int[] classIds, double[] scores,
                          double[] boxes, String skipReason, ImageMatch match) implements Serializable {

    /** Whether the image was skipped (unreadable or missing). */
    public boolean skipped() {
        return skipReason != null;
    }

    /** Detections on the image. */
    public int size() {
        return scores.length;
    }

    /** The {@code k}-th detection, with this image's id. */
    public Detection detection(int k) {
        return new Detection(id, classIds[k], new BoundingBox(boxes[4 * k], boxes[4 * k + 1], boxes[4 * k + 2],
                boxes[4 * k + 3]), scores[k]);
    }
}
