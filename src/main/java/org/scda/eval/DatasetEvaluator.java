package org.scda.eval;

import java.util.List;
import org.scda.data.Detection;
import org.scda.data.DetectionSample;

/**
 * Scores detections against ground truth one image at a time (detectron2's
 * {@code DatasetEvaluator}): {@link #reset()}, then {@link #process} for every image of the
 * evaluation set (including images without detections, whose objects are then missed), then
 * {@link #evaluate()}. Not thread-safe.
 */
public interface DatasetEvaluator {

    /** Forgets every processed image. */
    void reset();

    /**
     * Records one image's ground truth and the detections made on it.
     *
     * @param groundTruth the labelled image; its ignore objects are neither positives to find nor
     *                    false positives when found
     * @param detections  the detections on this image, every one with
     *                    {@code imageId == groundTruth.id()}; order only breaks score ties
     * @throws IllegalArgumentException when a detection belongs to another image or to a class
     *                                  the evaluator does not know, or the image was already
     *                                  processed since the last reset
     */
    void process(DetectionSample groundTruth, List<Detection> detections);

    /** The result over all images processed since the last {@link #reset()}. */
    EvaluationResult evaluate();
}
