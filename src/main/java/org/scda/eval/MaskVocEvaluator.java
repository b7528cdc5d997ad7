package org.scda.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.data.mask.PolygonRasterizer;
import org.scda.data.mask.Rle;
import org.scda.util.ScdaException;

/**
 * Mask AP at IoU 0.5: {@link VocEvaluator}'s {@code voc_eval} procedure (per-class score
 * sorting, greedy matching to the best-overlapping ground truth, strict {@code > 0.5},
 * ignored objects neither found nor missed, duplicates false positives, 11-point or all-point
 * {@link VocEvaluator#vocAp}) with the overlap measured between masks instead of boxes: the
 * pixel IoU of {@link Rle#iou(Rle, Rle)}. This is the mask AP@0.5 of the paper's Table 8.
 *
 * <p>Ground-truth masks are the objects' polygons rasterised at image size by
 * {@link PolygonRasterizer} (a pixel belongs to the object when its centre lies inside). An
 * object without polygons uses its box as its mask (the pixels whose centres lie in the box)
 * and is counted under {@code extra["gt_without_mask"]}; with no polygons at all the result
 * approaches a box AP. Predicted masks must have the image's size. Ignored objects are matched
 * with the plain IoU, as {@code voc_eval} matches difficult boxes.
 *
 * <p>The result's {@link EvaluationResult#metric()} names the AP procedure ({@link Metric#VOC07}
 * or {@link Metric#VOC}); that the overlap is mask IoU is the caller's to label (for example a
 * "mask" column next to the box AP). Follows detectron2's reset / process / evaluate.
 */
public final class MaskVocEvaluator {
    /** Key in {@link EvaluationResult#extra()}: ground-truth objects scored with their box as mask. */
    public static final String GT_WITHOUT_MASK = "gt_without_mask";

    private final List<String> classNames;
    private final boolean use07Metric;
    /** Per processed image, per class: the ground-truth masks and ignore flags of that class. */
    private final List<List<List<GroundTruthMask>>> groundTruthPerImage = new ArrayList<>();
    private final List<List<ImageMask>> detectionsPerClass = new ArrayList<>();
    private final Set<Long> seenImages = new HashSet<>();
    private int withoutMask;

    private record GroundTruthMask(Rle mask, boolean ignore) {
    }

    private record ImageMask(int imageIndex, Rle mask, double score) {
    }

    /**
     * @param classNames  the dataset's class names; detections and objects index them
     * @param use07Metric true for the VOC2007 11-point AP, false for the all-point AP
     */
    public MaskVocEvaluator(List<String> classNames, boolean use07Metric) {
        this.classNames = List.copyOf(classNames);
        this.use07Metric = use07Metric;
        reset();
    }

    /**
     * Scores mask detections against every image of a labelled dataset (an image without
     * detections counts its objects as missed).
     *
     * @param metric {@link Metric#VOC07} or {@link Metric#VOC}
     * @throws IllegalArgumentException for {@link Metric#COCO}, or a detection whose image is
     *                                  not in the dataset
     * @throws ScdaException            when the dataset has no labels or no class has a
     *                                  non-ignored object
     */
    public static EvaluationResult evaluate(DetectionDataset groundTruth, List<MaskDetection> detections, Metric metric) {
        if (metric == Metric.COCO) {
            throw new IllegalArgumentException("mask AP is implemented for voc07 and voc, not coco");
        }
        if (!groundTruth.labelled()) {
            throw new ScdaException(groundTruth.name() + " has no labels to evaluate against");
        }
        Map<Long, List<MaskDetection>> byImage = new LinkedHashMap<>();
        for (DetectionSample s : groundTruth.samples()) {
            byImage.put(s.id(), new ArrayList<>());
        }
        for (MaskDetection d : detections) {
            List<MaskDetection> list = byImage.get(d.detection().imageId());
            if (list == null) {
                throw new IllegalArgumentException("a mask detection refers to image id " + d.detection().imageId()
                        + ", which is not in " + groundTruth.name());
            }
            list.add(d);
        }
        MaskVocEvaluator evaluator = new MaskVocEvaluator(groundTruth.classNames(), metric == Metric.VOC07);
        for (DetectionSample sample : groundTruth.samples()) {
            evaluator.process(sample, byImage.get(sample.id()));
        }
        return evaluator.evaluate();
    }

    /** Forgets every processed image. */
    public void reset() {
        groundTruthPerImage.clear();
        detectionsPerClass.clear();
        seenImages.clear();
        withoutMask = 0;
        for (int c = 0; c < classNames.size(); c++) {
            detectionsPerClass.add(new ArrayList<>());
        }
    }

    /**
     * Records one image's ground truth and the mask detections made on it.
     *
     * @throws IllegalArgumentException when a detection belongs to another image or class the
     *                                  evaluator does not know, a mask does not have the image's
     *                                  size, or the image was already processed
     */
    public void process(DetectionSample groundTruth, List<MaskDetection> detections) {
        List<Detection> boxes = new ArrayList<>(detections.size());
        for (MaskDetection d : detections) {
            boxes.add(d.detection());
            if (d.mask().height() != groundTruth.height() || d.mask().width() != groundTruth.width()) {
                throw new IllegalArgumentException("mask of size " + d.mask().height() + "x" + d.mask().width()
                        + " for image " + groundTruth.id() + " of size " + groundTruth.height() + "x" + groundTruth.width());
            }
        }
        Evaluators.checkImage(groundTruth, boxes, classNames.size(), seenImages);
        int imageIndex = groundTruthPerImage.size();
        List<List<GroundTruthMask>> perClass = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            perClass.add(new ArrayList<>());
        }
        for (ObjectAnnotation o : groundTruth.objects()) {
            perClass.get(o.classId()).add(new GroundTruthMask(groundTruthMask(o, groundTruth), o.ignore()));
        }
        groundTruthPerImage.add(perClass);
        for (MaskDetection d : detections) {
            detectionsPerClass.get(d.detection().classId())
                    .add(new ImageMask(imageIndex, d.mask(), d.detection().score()));
        }
    }

    private Rle groundTruthMask(ObjectAnnotation o, DetectionSample image) {
        List<Polygon> polygons = o.polygons();
        if (polygons.isEmpty()) {
            withoutMask++;
            BoundingBox b = o.box();
            polygons = List.of(new Polygon(new double[] {b.x1(), b.y1(), b.x2(), b.y1(), b.x2(), b.y2(), b.x1(), b.y2()}));
        }
        return Rle.encode(PolygonRasterizer.rasterize(polygons, image.width(), image.height()), image.height(), image.width());
    }

    /** The result over all images processed since the last {@link #reset()}. */
    public EvaluationResult evaluate() {
        Map<String, Double> perClass = new LinkedHashMap<>();
        Map<String, Double> extra = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            int npos = 0;
            for (List<List<GroundTruthMask>> image : groundTruthPerImage) {
                for (GroundTruthMask g : image.get(c)) {
                    npos += g.ignore() ? 0 : 1;
                }
            }
            perClass.put(classNames.get(c), npos == 0 ? null : ap(c, npos));
            extra.put(EvaluationResult.NPOS + "/" + classNames.get(c), (double) npos);
        }
        for (int c = 0; c < classNames.size(); c++) {
            extra.put(EvaluationResult.NDET + "/" + classNames.get(c), (double) detectionsPerClass.get(c).size());
        }
        extra.put(GT_WITHOUT_MASK, (double) withoutMask);
        return new EvaluationResult(use07Metric ? Metric.VOC07 : Metric.VOC, Evaluators.meanOfNonNull(perClass),
                perClass, extra);
    }

    private double ap(int classId, int npos) {
        List<boolean[]> matched = new ArrayList<>();
        for (List<List<GroundTruthMask>> image : groundTruthPerImage) {
            matched.add(new boolean[image.get(classId).size()]);
        }
        List<ImageMask> sorted = new ArrayList<>(detectionsPerClass.get(classId));
        sorted.sort(Comparator.comparingDouble(ImageMask::score).reversed());
        int nd = sorted.size();
        double[] recall = new double[nd];
        double[] precision = new double[nd];
        double cumTp = 0;
        double cumFp = 0;
        for (int d = 0; d < nd; d++) {
            ImageMask det = sorted.get(d);
            List<GroundTruthMask> objects = groundTruthPerImage.get(det.imageIndex()).get(classId);
            double ovmax = Double.NEGATIVE_INFINITY;
            int jmax = -1;
            for (int j = 0; j < objects.size(); j++) {
                double ov = Rle.iou(det.mask(), objects.get(j).mask());
                if (ov > ovmax) {
                    ovmax = ov;
                    jmax = j;
                }
            }
            if (ovmax > VocEvaluator.IOU_THRESHOLD) {
                if (!objects.get(jmax).ignore()) {
                    if (!matched.get(det.imageIndex())[jmax]) {
                        cumTp++;
                        matched.get(det.imageIndex())[jmax] = true;
                    } else {
                        cumFp++;
                    }
                }
            } else {
                cumFp++;
            }
            recall[d] = cumTp / npos;
            precision[d] = cumTp / Math.max(cumTp + cumFp, VocEvaluator.EPS);
        }
        return VocEvaluator.vocAp(recall, precision, use07Metric);
    }
}
