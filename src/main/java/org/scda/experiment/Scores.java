package org.scda.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scda.eval.EvaluationResult;

/**
 * AP of one model on one dataset.
 *
 * @param dataset  the dataset spec evaluated
 * @param metric   e.g. {@code VOC07} (11-point AP@0.5)
 * @param mAP      mean over the classes with ground truth
 * @param perClass AP per class name in class order; null for a class without ground truth
 */
public record Scores(String dataset, String metric, double mAP, Map<String, Double> perClass) {

    public Scores {
        perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
    }

    /** The scores of an evaluation result. */
    public static Scores of(String dataset, EvaluationResult r) {
        return new Scores(dataset, r.metric().name(), r.mAP(), r.perClass());
    }
}
