package org.scda.spark;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.scda.api.Detector;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.ImageFiles;
import org.scda.data.UnreadableImageException;
import org.scda.eval.Evaluators;
import org.scda.eval.MatchingEvaluator;
import org.scda.eval.Metric;

/**
 * The executor side of the job: runs one partition of {@link ImageTask}s through a detector
 * borrowed from this JVM's {@link DetectorPool} and, when the job evaluates, matches each image's
 * detections to its ground truth. An image that cannot be read (missing, truncated, corrupt,
 * over the pixel limit) becomes a skipped result with its one-line reason; its ground-truth
 * objects still count as missed, as they do when {@code scda eval} scores {@code scda detect}'s
 * file.
 */
final class DetectPartition implements FlatMapFunction<Iterator<ImageTask>, ImageResult> {
    private static final long serialVersionUID = 1L;

    private final String checkpoint;
    private final int threads;
    private final Evaluation evaluation;

    /**
     * How images are matched: the metric, the ground truth's class names and, per model class,
     * the ground-truth class its detections count as (category id = class id + 1, mapped through
     * the ground truth's category ids as {@code scda eval} reads a results file).
     */
    record Evaluation(Metric metric, List<String> classNames, int[] classOfModelClass) implements Serializable {
    }

    /**
     * @param checkpoint the checkpoint file, readable on every executor
     * @param threads    libtorch threads of each task (set on the executor JVM before its engine starts)
     * @param evaluation how to match, or null to detect only
     */
    DetectPartition(String checkpoint, int threads, Evaluation evaluation) {
        this.checkpoint = checkpoint;
        this.threads = threads;
        this.evaluation = evaluation;
    }

    @Override
    public Iterator<ImageResult> call(Iterator<ImageTask> tasks) {
        EngineDefaults.apply(threads);
        MatchingEvaluator matcher = evaluation == null ? null : Evaluators.create(evaluation.metric, evaluation.classNames);
        List<ImageResult> out = new ArrayList<>();
        Detector detector = null;
        try {
            while (tasks.hasNext()) {
                ImageTask task = tasks.next();
                BufferedImage image;
                try {
                    image = ImageFiles.read(Path.of(task.path()));
                } catch (UnreadableImageException e) {
                    out.add(new ImageResult(task.id(), task.path(), 0, 0, new int[0], new double[0], new double[0],
                            e.getMessage(), match(matcher, task, List.of())));
                    continue;
                }
                if (detector == null) {
                    detector = DetectorPool.borrow(checkpoint);
                }
                List<Detection> dets = detector.detect(image);
                out.add(result(task, image, dets, matcher));
            }
        } finally {
            if (detector != null) {
                DetectorPool.release(checkpoint, detector);
            }
        }
        return out.iterator();
    }

    private ImageResult result(ImageTask task, BufferedImage image, List<Detection> dets, MatchingEvaluator matcher) {
        int n = dets.size();
        int[] classIds = new int[n];
        double[] scores = new double[n];
        double[] boxes = new double[4 * n];
        List<Detection> asScored = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Detection d = dets.get(k);
            classIds[k] = d.classId();
            scores[k] = d.score();
            boxes[4 * k] = d.box().x1();
            boxes[4 * k + 1] = d.box().y1();
            boxes[4 * k + 2] = d.box().x2();
            boxes[4 * k + 3] = d.box().y2();
            if (evaluation != null) {
                asScored.add(asReadBack(task.id(), d, evaluation.classOfModelClass[d.classId()]));
            }
        }
        return new ImageResult(task.id(), task.path(), image.getWidth(), image.getHeight(), classIds, scores, boxes,
                null, match(matcher, task, asScored));
    }

    /**
     * The detection as {@code scda eval} reads it back from the results file: the box through
     * [x, y, w, h] and back (x + w is not always x2 in floating point), the class through the
     * ground truth's category ids.
     */
    static Detection asReadBack(long imageId, Detection d, int evalClassId) {
        double[] xywh = d.box().toXywh();
        return new Detection(imageId, evalClassId, BoundingBox.fromXywh(xywh[0], xywh[1], xywh[2], xywh[3]), d.score());
    }

    private static org.scda.eval.ImageMatch match(MatchingEvaluator matcher, ImageTask task, List<Detection> dets) {
        if (matcher == null || task.groundTruth() == null) {
            return null;
        }
        return matcher.match(task.groundTruth().toSample(), dets);
    }
}
