package org.scda.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scda.api.Detector;
import org.scda.data.Datasets;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.engine.Checkpoints;
import org.scda.eval.CocoResults;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Evaluators;
import org.scda.eval.MaskDetection;
import org.scda.eval.MaskVocEvaluator;
import org.scda.eval.Metric;
import org.scda.eval.PrCurve;
import org.scda.eval.VocEvaluator;

/**
 * The final evaluation of a run directory's selected checkpoint (best on source-val, else the
 * last): VOC07 AP@0.5 per class on target-val and source-val (and mask AP@0.5 for a Mask R-CNN
 * model on data with polygons), the target-val precision/recall
 * curves, and the target-val detections saved as {@code detections_target_val.json} (COCO
 * results) for the report's side-by-side pictures.
 */
public final class RunEvaluation {
    /** Target-val detections file in a run directory. */
    public static final String TARGET_DETECTIONS = "detections_target_val.json";

    /**
     * The outcome.
     *
     * @param iteration iteration of the evaluated checkpoint
     * @param targetVal target-val scores
     * @param sourceVal source-val scores
     * @param prCurves  target-val curves per class
     * @param targetValMask target-val mask AP of a Mask R-CNN model on data with polygons, else null
     * @param sourceValMask source-val mask AP likewise, else null
     */
    public record Outcome(int iteration, Scores targetVal, Scores sourceVal, Map<String, PrCurve> prCurves,
                          Scores targetValMask, Scores sourceValMask) {
    }

    private RunEvaluation() {
    }

    /** Evaluates the checkpoint {@code runDir} selected (its best, else its last). */
    public static Outcome evaluate(Path runDir, ScenarioSpec datasets, PrintStream log) throws java.io.IOException {
        return evaluate(runDir, Checkpoints.resolve(runDir), datasets, null, log);
    }

    /**
     * Evaluates {@code checkpoint}, writing the detections into {@code runDir}.
     *
     * @param sourceValDone the trainer's evaluation after its last iteration, always on the
     *                      full sets: reused when it is of this checkpoint's iteration; or null
     */
    public static Outcome evaluate(Path runDir, Path checkpoint, ScenarioSpec datasets,
                                   org.scda.engine.Hooks.Evaluation sourceValDone, PrintStream log)
            throws java.io.IOException {
        Path file = checkpoint;
        int iteration;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            iteration = Checkpoints.load(file, m).checkpoint().iteration();
        }
        log.println("evaluating " + file + " (iteration " + iteration + ")");
        try (Detector detector = Detector.load(file)) {
            DetectionDataset target = Datasets.load(datasets.targetVal());
            boolean targetMasks = detector.hasMasks() && target.hasPolygons();
            List<MaskDetection> targetMaskDets = targetMasks ? detector.runner().detectMasks(target, 0, "final-tgt") : null;
            List<Detection> targetDets = targetMasks ? targetMaskDets.stream().map(MaskDetection::detection).toList()
                    : detector.runner().detect(target, 0, "final-tgt");
            CocoResults.write(targetDets, runDir.resolve(TARGET_DETECTIONS));
            Scores targetMask = targetMasks ? Scores.of(datasets.targetVal(),
                    MaskVocEvaluator.evaluate(target, targetMaskDets, Metric.VOC07)) : null;
            VocEvaluator voc = new VocEvaluator(target.classNames(), true);
            Evaluators.Grouped grouped = Evaluators.groupByImage(target, targetDets);
            for (DetectionSample s : target.samples()) {
                voc.process(s, grouped.byImage().getOrDefault(s.id(), List.of()));
            }
            EvaluationResult t = voc.evaluate();
            Map<String, PrCurve> curves = new LinkedHashMap<>();
            voc.curves().forEach((name, c) -> {
                if (c.npos() > 0) {
                    curves.put(name, PrCurve.of(c));
                }
            });
            EvaluationResult s;
            EvaluationResult sMask = null;
            if (sourceValDone != null && sourceValDone.iteration() == iteration && sourceValDone.sourceVal() != null
                    && (!detector.hasMasks() || sourceValDone.sourceValMask() != null)) {
                s = sourceValDone.sourceVal();
                sMask = sourceValDone.sourceValMask();
            } else {
                DetectionDataset source = Datasets.load(datasets.sourceVal());
                if (detector.hasMasks() && source.hasPolygons()) {
                    List<MaskDetection> sourceMasks = detector.runner().detectMasks(source, 0, "final-src");
                    s = Evaluators.evaluate(source, sourceMasks.stream().map(MaskDetection::detection).toList(),
                            Metric.VOC07);
                    sMask = MaskVocEvaluator.evaluate(source, sourceMasks, Metric.VOC07);
                } else {
                    List<Detection> sourceDets = detector.runner().detect(source, 0, "final-src");
                    s = Evaluators.evaluate(source, sourceDets, Metric.VOC07);
                }
            }
            return new Outcome(iteration, Scores.of(datasets.targetVal(), t), Scores.of(datasets.sourceVal(), s), curves,
                    targetMask, sMask == null ? null : Scores.of(datasets.sourceVal(), sMask));
        }
    }
}
