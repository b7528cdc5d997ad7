package org.scda.eval;

import java.util.List;
import org.scda.data.Detection;
import org.scda.data.DetectionSample;

/**
 * A {@link DatasetEvaluator} split in its two halves: {@link #match}, the per-image matching of
 * detections to ground truth, which reads no state and may run anywhere, and {@link #add},
 * which records a matching for {@link #evaluate()}. {@code process(g, d)} is
 * {@code add(match(g, d))}, so a distributed evaluation that matches images elsewhere and adds
 * the matchings here in the same image order gets exactly the numbers of a local one.
 */
public interface MatchingEvaluator extends DatasetEvaluator {

    /**
     * Matches one image's detections to its ground truth; changes nothing.
     *
     * @throws IllegalArgumentException when a detection belongs to another image or to a class
     *                                  the evaluator does not know
     */
    ImageMatch match(DetectionSample groundTruth, List<Detection> detections);

    /**
     * Records a matching made by {@link #match} of an evaluator of the same kind and classes.
     *
     * @throws IllegalArgumentException for a matching of another kind or number of classes, or
     *                                  of an image already recorded since the last reset
     */
    void add(ImageMatch match);

    @Override
    default void process(DetectionSample groundTruth, List<Detection> detections) {
        add(match(groundTruth, detections));
    }
}
