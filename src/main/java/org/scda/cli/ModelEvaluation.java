package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.scda.api.Detector;
import org.scda.data.Datasets;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.eval.BoxAndMaskResult;
import org.scda.eval.MaskDetection;
import org.scda.eval.MaskVocEvaluator;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Evaluators;
import org.scda.eval.Metric;
import org.scda.util.ScdaException;

/**
 * The {@code scda eval --model M --data SPEC} form: inference over a dataset, then the evaluator.
 * A Mask R-CNN model on a dataset with instance polygons also gets mask AP@0.5 (voc07 or voc),
 * printed next to the box AP.
 */
final class ModelEvaluation {
    private ModelEvaluation() {
    }

    static int run(Path model, String dataSpec, Metric metric, boolean json, PrintWriter out, PrintWriter err) {
        DetectionDataset data = Datasets.load(dataSpec);
        if (!data.labelled()) {
            throw new ScdaException(dataSpec + " has no labels to evaluate against");
        }
        try (Detector detector = Detector.load(model)) {
            if (!detector.classNames().equals(data.classNames())) {
                throw new ScdaException("the model's classes " + detector.classNames() + " differ from " + dataSpec
                        + "'s " + data.classNames() + ": map them with ?classes= or ?map=");
            }
            List<MaskDetection> masks = null;
            List<Detection> detections;
            if (detector.hasMasks()) {
                masks = detector.runner().detectMasks(data, 0, "detect");
                detections = masks.stream().map(MaskDetection::detection).toList();
            } else {
                detections = detector.runner().detect(data, 0, "detect");
            }
            EvaluationResult result = Evaluators.evaluate(data, detections, metric);
            String why = masks == null ? null : whyNoMaskAp(data, dataSpec, metric);
            BoxAndMaskResult both = masks == null || why != null ? null
                    : new BoxAndMaskResult(result, MaskVocEvaluator.evaluate(data, masks, metric));
            if (json) {
                out.println(both != null ? both.toJson() : result.toJson());
            } else {
                out.printf("model: %s%ndata:  %s (%d images, %d detections)%n%n", model, dataSpec, data.size(), detections.size());
                out.print(both != null ? both.toTable() : result.toTable());
            }
            if (why != null) {
                err.println("scda eval: no mask AP: " + why);
            }
            out.flush();
            err.flush();
            return ScdaCommand.EXIT_OK;
        }
    }

    /** Box AP of a model on a labelled dataset (a progress bar named {@code label}). */
    static EvaluationResult boxes(Path model, DetectionDataset data, Metric metric, String label) {
        try (Detector detector = Detector.load(model)) {
            return Evaluators.evaluate(data, detector.runner().detect(data, 0, label), metric);
        }
    }

    /** Why a mask model's detections get no mask AP on this dataset, or null when they do. */
    static String whyNoMaskAp(DetectionDataset data, String dataSpec, Metric metric) {
        if (metric == Metric.COCO) {
            return "mask AP is computed for voc07 and voc, not coco";
        }
        return data.hasPolygons() ? null : dataSpec + " has no instance polygons";
    }
}
