package org.scda.data;

import java.util.Objects;

/**
 * One detected object: what a detector outputs and what the evaluator scores.
 *
 * @param imageId the {@link DetectionSample#id()} of the image
 * @param classId index into the dataset's class names (0-based, no background)
 * @param box     0-based continuous pixel box in the image as stored
 * @param score   confidence in [0, 1]
 */
public record Detection(long imageId, int classId, BoundingBox box, double score) {

    public Detection {
        Objects.requireNonNull(box, "box");
        if (classId < 0) {
            throw new IllegalArgumentException("class id must be >= 0, got " + classId);
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score);
        }
    }
}
