package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.scda.api.Detector;
import org.scda.data.Datasets;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Evaluators;
import org.scda.eval.Metric;
import org.scda.util.ScdaException;

/** The {@code scda eval --model M --data SPEC} form: inference over a dataset, then the evaluator. */
final class ModelEvaluation {
    private ModelEvaluation() {
    }

    static int run(Path model, String dataSpec, Metric metric, boolean json, PrintWriter out) {
        DetectionDataset data = Datasets.load(dataSpec);
        if (!data.labelled()) {
            throw new ScdaException(dataSpec + " has no labels to evaluate against");
        }
        try (Detector detector = Detector.load(model)) {
            if (!detector.classNames().equals(data.classNames())) {
                throw new ScdaException("the model's classes " + detector.classNames() + " differ from " + dataSpec
                        + "'s " + data.classNames() + ": map them with ?classes= or ?map=");
            }
            List<Detection> detections = detector.runner().detect(data, 0, "detect");
            EvaluationResult result = Evaluators.evaluate(data, detections, metric);
            if (json) {
                out.println(result.toJson());
            } else {
                out.printf("model: %s%ndata:  %s (%d images, %d detections)%n%n", model, dataSpec, data.size(), detections.size());
                out.print(result.toTable());
            }
            out.flush();
            return ScdaCommand.EXIT_OK;
        }
    }
}
