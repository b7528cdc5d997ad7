package org.scda.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.Datasets;
import org.scda.eval.CocoResults;
import org.scda.eval.Evaluators;
import org.scda.eval.VocEvaluator;
import org.scda.experiment.RunEvaluation;
import org.scda.experiment.RunResult;

/**
 * How good a mean teacher's pseudo-labels are, measured where labels exist: its detections on
 * target-val scored at least its threshold, matched to the target-val boxes as VOC AP@0.5
 * matches them (all classes together). Target labels are read for this report only.
 */
public final class PseudoLabelQuality {
    private PseudoLabelQuality() {
    }

    /** The mean-teacher method's name as the runs record it. */
    static final String METHOD = "mean-teacher";

    /**
     * @param threshold the teacher's pseudo-label threshold
     * @param perImage  pseudo-labels per target-val image
     * @param counts    the matching's counts
     */
    public record Quality(double threshold, double perImage, VocEvaluator.MatchCounts counts) {
    }

    /** The quality of {@code detections} on {@code data} at {@code threshold}. */
    public static Quality of(DetectionDataset data, List<Detection> detections, double threshold) {
        List<Detection> kept = detections.stream().filter(d -> d.score() >= threshold).toList();
        VocEvaluator evaluator = new VocEvaluator(data.classNames(), true);
        Map<Long, List<Detection>> byImage = Evaluators.groupByImage(data, kept).byImage();
        for (DetectionSample sample : data.samples()) {
            evaluator.process(sample, byImage.getOrDefault(sample.id(), List.of()));
        }
        return new Quality(threshold, data.size() == 0 ? Double.NaN : (double) kept.size() / data.size(),
                evaluator.matchCounts());
    }

    /** The teacher's threshold in a run's config (the default when the run names none). */
    static double threshold(RunResult r) {
        if (r.config() != null && r.config().get("adapt") instanceof Map<?, ?> adapt
                && adapt.get("teacher") instanceof Map<?, ?> teacher && teacher.get("threshold") instanceof Number t) {
            return t.doubleValue();
        }
        return org.scda.adapt.core.TeacherSettings.DEFAULTS.threshold();
    }

    /** A table row per mean-teacher run with target-val detections: run, threshold, per image, precision, recall. */
    static Document.Table table(RunCollection runs) {
        List<List<String>> rows = new ArrayList<>();
        for (RunCollection.Run run : runs.runs()) {
            RunResult r = run.result();
            Path file = run.dir().resolve(RunEvaluation.TARGET_DETECTIONS);
            if (!METHOD.equals(r.method()) || !Files.isRegularFile(file) || r.datasets() == null) {
                continue;
            }
            Quality q = of(Datasets.load(r.datasets().targetVal()), CocoResults.read(file), threshold(r));
            rows.add(List.of(r.run(), String.format(Locale.ROOT, "%.2f", q.threshold()),
                    String.format(Locale.ROOT, "%.2f", q.perImage()), percent(q.counts().precision()),
                    percent(q.counts().recall())));
        }
        return rows.isEmpty() ? null : new Document.Table(List.of("run", "threshold", "pseudo-labels per image",
                "precision", "recall"), rows);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }
}
