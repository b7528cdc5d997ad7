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
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;

/**
 * Pascal VOC average precision at IoU 0.5 with exactly the semantics of py-faster-rcnn's
 * {@code voc_eval}, in its 11-point (VOC2007) or all-point (VOC2010+) form.
 *
 * <p>Per class: {@code npos} counts the ground-truth boxes that are not ignored (VOC
 * {@code difficult}, COCO crowd, KITTI DontCare, Cityscapes groups). Detections of the class,
 * over all images, are sorted by score, descending; the sort is stable, so ties keep the order
 * in which images were processed and, within an image, the order given. Each detection takes
 * the ground-truth box of its image and class with the highest IoU (the first one on a tie);
 * if that IoU is strictly greater than 0.5 and the box is ignored, the detection is ignored
 * (neither true nor false positive); if the box is not yet matched, the detection is a true
 * positive and the box becomes matched; if it is already matched, the detection is a false
 * positive (a duplicate). Otherwise it is a false positive. Then
 * {@code rec = cumTP / npos}, {@code prec = cumTP / max(cumTP + cumFP, eps)} with the float64
 * machine epsilon, and {@link #vocAp} integrates the curve. A class with {@code npos == 0} has
 * no AP (null, left out of the mean; {@code voc_eval} would produce NaN); a class with ground
 * truth but no detections has AP 0. Ignored boxes are matched with the ordinary IoU, as
 * {@code voc_eval} matches difficult boxes: a small detection inside a large crowd region is
 * a false positive here, while {@link CocoEvaluator} ignores it.
 *
 * <p><b>Coordinates and the +1 pixel convention.</b> {@code voc_eval} works on 1-based,
 * inclusive pixel boxes {@code (xmin, ymin, xmax, ymax)} as written in VOC XML, and gives them
 * width {@code xmax - xmin + 1}. scda stores 0-based continuous boxes; the VOC reader converts
 * once by {@code x1 = xmin - 1, y1 = ymin - 1, x2 = xmax, y2 = ymax}. This evaluator applies the
 * inverse of that conversion to both ground truth and detections,
 * {@code xmin = x1 + 1, ymin = y1 + 1, xmax = x2, ymax = y2}, and then computes IoU exactly as
 * {@code voc_eval} does, with the +1 widths ({@link #vocIou}). The IoU of any pair of VOC XML
 * boxes is therefore the one {@code voc_eval} computes on the XML numbers. Algebraically the
 * +1 cancels the -1 of the mapping, so the value equals the continuous IoU of the stored boxes
 * ({@link BoundingBox#iou}) up to rounding: the pixel convention lives in the reader, and a
 * detector trained on stored boxes is scored like a py-faster-rcnn detector on the same XML.
 * Applying +1 widths to the stored boxes directly would count every box one pixel too wide
 * and high and inflate the IoU of small boxes.
 */
public final class VocEvaluator implements DatasetEvaluator {
    /** {@code np.finfo(np.float64).eps}, the floor of the precision denominator. */
    static final double EPS = Math.ulp(1.0);
    /** A detection must exceed this IoU (strictly) to match. */
    public static final double IOU_THRESHOLD = 0.5;

    private final List<String> classNames;
    private final boolean use07Metric;
    /** Per processed image, per class: the ground-truth objects of that class. */
    private final List<List<List<ObjectAnnotation>>> groundTruthPerImage = new ArrayList<>();
    /** Per class: every detection of that class, tagged with its image's processing index. */
    private final List<List<ImageDetection>> detectionsPerClass = new ArrayList<>();
    private final Set<Long> seenImages = new HashSet<>();

    private record ImageDetection(int imageIndex, BoundingBox box, double score) {
    }

    /**
     * @param classNames  the dataset's class names; detections and objects index them
     * @param use07Metric true for the VOC2007 11-point AP, false for the all-point AP
     */
    public VocEvaluator(List<String> classNames, boolean use07Metric) {
        this.classNames = List.copyOf(classNames);
        this.use07Metric = use07Metric;
        reset();
    }

    @Override
    public void reset() {
        groundTruthPerImage.clear();
        detectionsPerClass.clear();
        seenImages.clear();
        for (int c = 0; c < classNames.size(); c++) {
            detectionsPerClass.add(new ArrayList<>());
        }
    }

    @Override
    public void process(DetectionSample groundTruth, List<Detection> detections) {
        Evaluators.checkImage(groundTruth, detections, classNames.size(), seenImages);
        int imageIndex = groundTruthPerImage.size();
        List<List<ObjectAnnotation>> perClass = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            perClass.add(new ArrayList<>());
        }
        for (ObjectAnnotation o : groundTruth.objects()) {
            perClass.get(o.classId()).add(o);
        }
        groundTruthPerImage.add(perClass);
        for (Detection d : detections) {
            detectionsPerClass.get(d.classId()).add(new ImageDetection(imageIndex, d.box(), d.score()));
        }
    }

    @Override
    public EvaluationResult evaluate() {
        Map<String, Double> perClass = new LinkedHashMap<>();
        Map<String, Double> extra = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            ClassCurve curve = curve(c);
            perClass.put(classNames.get(c), curve.npos == 0 ? null : vocAp(curve.recall, curve.precision, use07Metric));
            extra.put(EvaluationResult.NPOS + "/" + classNames.get(c), (double) curve.npos);
        }
        for (int c = 0; c < classNames.size(); c++) {
            extra.put(EvaluationResult.NDET + "/" + classNames.get(c), (double) detectionsPerClass.get(c).size());
        }
        return new EvaluationResult(use07Metric ? Metric.VOC07 : Metric.VOC,
                Evaluators.meanOfNonNull(perClass), perClass, extra);
    }

    /**
     * The precision/recall curve of one class, exactly the {@code rec} and {@code prec} arrays
     * that {@link #evaluate()} integrates: one point per detection in score order.
     *
     * @param npos      non-ignored ground-truth boxes of the class
     * @param recall    recall after each detection
     * @param precision precision after each detection
     */
    public record PrecisionRecall(int npos, double[] recall, double[] precision) {
    }

    /** Per class name (in class order), the curves of the images processed so far. */
    public Map<String, PrecisionRecall> curves() {
        Map<String, PrecisionRecall> out = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            ClassCurve curve = curve(c);
            out.put(classNames.get(c), new PrecisionRecall(curve.npos, curve.recall, curve.precision));
        }
        return out;
    }

    /**
     * What the matching of {@link #evaluate()} counted, summed over classes: non-ignored
     * ground-truth boxes, detections matched to one of them first (true positives), and
     * detections matched to none or to one already taken (false positives; a detection on an
     * ignored box is neither).
     */
    public record MatchCounts(int groundTruth, int truePositives, int falsePositives) {

        /** True positives / (true + false positives), NaN without counted detections. */
        public double precision() {
            int counted = truePositives + falsePositives;
            return counted == 0 ? Double.NaN : (double) truePositives / counted;
        }

        /** True positives / ground truth, NaN without ground truth. */
        public double recall() {
            return groundTruth == 0 ? Double.NaN : (double) truePositives / groundTruth;
        }
    }

    /** The matching's counts over every class, of the images processed so far. */
    public MatchCounts matchCounts() {
        int npos = 0;
        int tp = 0;
        int fp = 0;
        for (int c = 0; c < classNames.size(); c++) {
            ClassCurve curve = curve(c);
            npos += curve.npos;
            tp += curve.truePositives;
            fp += curve.falsePositives;
        }
        return new MatchCounts(npos, tp, fp);
    }

    /** Recall and precision after each detection of one class, in score order, and the totals. */
    private record ClassCurve(int npos, double[] recall, double[] precision, int truePositives, int falsePositives) {
    }

    private ClassCurve curve(int classId) {
        int npos = 0;
        List<boolean[]> matched = new ArrayList<>();
        for (List<List<ObjectAnnotation>> image : groundTruthPerImage) {
            List<ObjectAnnotation> objects = image.get(classId);
            for (ObjectAnnotation o : objects) {
                if (!o.ignore()) {
                    npos++;
                }
            }
            matched.add(new boolean[objects.size()]);
        }
        List<ImageDetection> sorted = new ArrayList<>(detectionsPerClass.get(classId));
        sorted.sort(Comparator.comparingDouble(ImageDetection::score).reversed());
        int nd = sorted.size();
        double[] tp = new double[nd];
        double[] fp = new double[nd];
        for (int d = 0; d < nd; d++) {
            ImageDetection det = sorted.get(d);
            List<ObjectAnnotation> objects = groundTruthPerImage.get(det.imageIndex).get(classId);
            double ovmax = Double.NEGATIVE_INFINITY;
            int jmax = -1;
            for (int j = 0; j < objects.size(); j++) {
                double ov = vocIou(objects.get(j).box(), det.box);
                // np.argmax: the first maximum; a NaN overlap (two empty boxes) never wins
                if (ov > ovmax) {
                    ovmax = ov;
                    jmax = j;
                }
            }
            if (ovmax > IOU_THRESHOLD) {
                if (!objects.get(jmax).ignore()) {
                    if (!matched.get(det.imageIndex)[jmax]) {
                        tp[d] = 1;
                        matched.get(det.imageIndex)[jmax] = true;
                    } else {
                        fp[d] = 1;
                    }
                }
            } else {
                fp[d] = 1;
            }
        }
        double[] recall = new double[nd];
        double[] precision = new double[nd];
        double cumTp = 0;
        double cumFp = 0;
        for (int d = 0; d < nd; d++) {
            cumTp += tp[d];
            cumFp += fp[d];
            recall[d] = cumTp / npos;
            precision[d] = cumTp / Math.max(cumTp + cumFp, EPS);
        }
        return new ClassCurve(npos, recall, precision, (int) cumTp, (int) cumFp);
    }

    /**
     * {@code voc_eval}'s IoU of two stored boxes: each is mapped to the 1-based inclusive pixel
     * box {@code (x1 + 1, y1 + 1, x2, y2)} and measured with +1 widths, so two VOC XML boxes
     * read by the VOC reader get the IoU {@code voc_eval} computes from their XML numbers (see
     * the class comment). Symmetric.
     */
    public static double vocIou(BoundingBox a, BoundingBox b) {
        double axmin = a.x1() + 1;
        double aymin = a.y1() + 1;
        double axmax = a.x2();
        double aymax = a.y2();
        double bxmin = b.x1() + 1;
        double bymin = b.y1() + 1;
        double bxmax = b.x2();
        double bymax = b.y2();
        double iw = Math.max(Math.min(axmax, bxmax) - Math.max(axmin, bxmin) + 1.0, 0.0);
        double ih = Math.max(Math.min(aymax, bymax) - Math.max(aymin, bymin) + 1.0, 0.0);
        double inters = iw * ih;
        double uni = (bxmax - bxmin + 1.0) * (bymax - bymin + 1.0)
                + (axmax - axmin + 1.0) * (aymax - aymin + 1.0) - inters;
        return inters / uni;
    }

    /**
     * {@code voc_ap}: the area under a precision/recall curve given point by point in score
     * order.
     *
     * <p>11-point ({@code use07Metric}): the mean over {@code t = 0, 0.1, ..., 1} (computed as
     * {@code i * 0.1} like {@code np.arange}) of the highest precision at recall {@code >= t},
     * 0 where no point reaches {@code t}. All-point: sentinels (recall 0, precision 0) in front
     * and (1, 0) behind, precision made non-increasing from the right, then the sum of
     * recall steps times precision. Both sums are capped at 1, which they can exceed by a
     * rounding step (eleven times 1/11 is 1.0000000000000002).
     */
    public static double vocAp(double[] recall, double[] precision, boolean use07Metric) {
        if (recall.length != precision.length) {
            throw new IllegalArgumentException("recall and precision differ in length: " + recall.length + " vs " + precision.length);
        }
        if (use07Metric) {
            double ap = 0;
            for (int i = 0; i <= 10; i++) {
                double t = i * 0.1;
                double p = 0;
                boolean any = false;
                for (int k = 0; k < recall.length; k++) {
                    if (recall[k] >= t) {
                        p = any ? Math.max(p, precision[k]) : precision[k];
                        any = true;
                    }
                }
                ap += (any ? p : 0) / 11.0;
            }
            // eleven times 1/11 sums to 1.0000000000000002 (in voc_eval too); keep AP in [0, 1]
            return Math.min(ap, 1.0);
        }
        int n = recall.length;
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        mrec[n + 1] = 1.0;
        System.arraycopy(recall, 0, mrec, 1, n);
        System.arraycopy(precision, 0, mpre, 1, n);
        for (int i = mpre.length - 1; i > 0; i--) {
            mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
        }
        double ap = 0;
        for (int i = 1; i < mrec.length; i++) {
            if (mrec[i] != mrec[i - 1]) {
                ap += (mrec[i] - mrec[i - 1]) * mpre[i];
            }
        }
        // the recall steps telescope to 1 only up to rounding
        return Math.min(ap, 1.0);
    }
}
