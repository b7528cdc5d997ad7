package org.scda.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.util.ScdaException;

/** Creating evaluators, and evaluating a whole detection list in one call. */
public final class Evaluators {
    private Evaluators() {
    }

    /** A fresh evaluator for {@code metric} over the given classes. */
    public static MatchingEvaluator create(Metric metric, List<String> classNames) {
        return switch (metric) {
            case VOC07 -> new VocEvaluator(classNames, true);
            case VOC -> new VocEvaluator(classNames, false);
            case COCO -> new CocoEvaluator(classNames);
        };
    }

    /**
     * Scores {@code detections} against every image of {@code groundTruth} (an image without
     * detections counts its objects as missed).
     *
     * @throws ScdaException            when the dataset has no labels or no class has any
     *                                  non-ignored ground-truth box
     * @throws IllegalArgumentException when a detection names an image that is not in the
     *                                  dataset or a class id outside its classes (use
     *                                  {@link #groupByImage} first to report and drop the former)
     */
    public static EvaluationResult evaluate(DetectionDataset groundTruth, List<Detection> detections, Metric metric) {
        if (!groundTruth.labelled()) {
            throw new ScdaException(groundTruth.name() + " has no labels to evaluate against");
        }
        Grouped grouped = groupByImage(groundTruth, detections);
        if (!grouped.unknownImage().isEmpty()) {
            Detection first = grouped.unknownImage().get(0);
            throw new IllegalArgumentException(grouped.unknownImage().size() + " detections refer to images not in "
                    + groundTruth.name() + ", the first to image id " + first.imageId());
        }
        DatasetEvaluator evaluator = create(metric, groundTruth.classNames());
        for (DetectionSample sample : groundTruth.samples()) {
            evaluator.process(sample, grouped.byImage().getOrDefault(sample.id(), List.of()));
        }
        return evaluator.evaluate();
    }

    /**
     * Detections split by image.
     *
     * @param byImage      image id -> its detections, in input order, for images of the dataset
     * @param unknownImage detections whose image id is not in the dataset, in input order
     */
    public record Grouped(Map<Long, List<Detection>> byImage, List<Detection> unknownImage) {
    }

    /** Splits {@code detections} by the dataset's image ids, keeping the rest apart. */
    public static Grouped groupByImage(DetectionDataset groundTruth, List<Detection> detections) {
        Map<Long, List<Detection>> byImage = new HashMap<>();
        for (DetectionSample s : groundTruth.samples()) {
            byImage.put(s.id(), new ArrayList<>());
        }
        List<Detection> unknown = new ArrayList<>();
        for (Detection d : detections) {
            List<Detection> list = byImage.get(d.imageId());
            if (list == null) {
                unknown.add(d);
            } else {
                list.add(d);
            }
        }
        return new Grouped(byImage, unknown);
    }

    /** The mean of the non-null values; throws when every value is null. */
    static double meanOfNonNull(Map<String, Double> values) {
        double sum = 0;
        int n = 0;
        for (Double v : values.values()) {
            if (v != null) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            throw new ScdaException("nothing to evaluate: no class has a ground-truth box that is not ignored");
        }
        return sum / n;
    }

    /** The checks every {@link DatasetEvaluator#process} makes before recording an image. */
    static void checkImage(DetectionSample groundTruth, List<Detection> detections, int numClasses, Set<Long> seenImages) {
        checkImage(groundTruth, detections, numClasses);
        checkNew(groundTruth.id(), seenImages);
    }

    /** The checks of {@link MatchingEvaluator#match}: detections of this image and known classes. */
    static void checkImage(DetectionSample groundTruth, List<Detection> detections, int numClasses) {
        Objects.requireNonNull(groundTruth, "groundTruth");
        for (Detection d : detections) {
            if (d.imageId() != groundTruth.id()) {
                throw new IllegalArgumentException("detection for image " + d.imageId() + " given with image " + groundTruth.id());
            }
            if (d.classId() >= numClasses) {
                throw new IllegalArgumentException("detection class id " + d.classId() + " is not one of the "
                        + numClasses + " classes");
            }
        }
        for (var o : groundTruth.objects()) {
            if (o.classId() >= numClasses) {
                throw new IllegalArgumentException("image " + groundTruth.id() + " has class id " + o.classId()
                        + " but the evaluator knows " + numClasses + " classes");
            }
        }
    }

    /** Adds {@code imageId} to {@code seenImages}, throwing when it was there. */
    static void checkNew(long imageId, Set<Long> seenImages) {
        if (!seenImages.add(imageId)) {
            throw new IllegalArgumentException("image " + imageId + " was already processed");
        }
    }
}
