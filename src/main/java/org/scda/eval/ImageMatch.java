package org.scda.eval;

import java.io.Serializable;

/**
 * What a {@link MatchingEvaluator} keeps of one image once its detections are matched to its
 * ground truth: everything the AP curves need from that image, and nothing of its pixels.
 * Serializable, so that images can be matched on other machines (scda-spark's executors) and
 * the curves drawn on one.
 */
public sealed interface ImageMatch extends Serializable
        permits VocEvaluator.VocImageMatch, CocoEvaluator.CocoImageMatch {

    /** The matched image's {@link org.scda.data.DetectionSample#id()}. */
    long imageId();
}
