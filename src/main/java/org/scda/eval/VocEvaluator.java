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
public final class VocEvaluator implements MatchingEvaluator {
    /** {@code np.finfo(np.float64).eps}, the floor of the precision denominator. */
    static final double EPS = Math.ulp(1.0);
    /** A detection must exceed this IoU (strictly) to match. */
    public static final double IOU_THRESHOLD = 0.5;
    /** {@link VocImageMatch#outcomes()}: the detection matched a box first. */
    public static final byte TRUE_POSITIVE = 1;
    /** {@link VocImageMatch#outcomes()}: the detection matched no box, or one already taken. */
    public static final byte FALSE_POSITIVE = 2;
    /** {@link VocImageMatch#outcomes()}: the detection matched an ignored box. */
    public static final byte IGNORED = 0;

    private final List<String> classNames;
    private final boolean use07Metric;
    /** The processed images' matchings, in processing order. */
    private final List<VocImageMatch> matches = new ArrayList<>();
    private final Set<Long> seenImages = new HashSet<>();

    /**
     * One image's matching, per class: {@code voc_eval}'s sweep restricted to the image. The
     * sweep over all images visits an image's detections of a class in their score order
     * (stable), and whether one matches depends only on the earlier ones of its image and
     * class; so matching each image alone and merging the images' detections by score (stable,
     * images in processing order) repeats the sweep over all images exactly.
     *
     * @param imageId   the image
     * @param positives [class]: non-ignored ground-truth boxes
     * @param scores    [class][k]: the scores of the image's detections of the class, highest
     *                  first (stable: ties keep the order given)
     * @param outcomes  [class][k]: {@link #TRUE_POSITIVE}, {@link #FALSE_POSITIVE} or
     *                  {@link #IGNORED} for the detection with {@code scores[class][k]}
     */
    public record VocImageMatch(long imageId, int[] positives, double[][] scores, byte[][] outcomes)
            implements ImageMatch {
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
        matches.clear();
        seenImages.clear();
    }

    @Override
    public VocImageMatch match(DetectionSample groundTruth, List<Detection> detections) {
        Evaluators.checkImage(groundTruth, detections, classNames.size());
        int numClasses = classNames.size();
        int[] positives = new int[numClasses];
        double[][] scores = new double[numClasses][];
        byte[][] outcomes = new byte[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            final int classId = c;
            List<ObjectAnnotation> objects = groundTruth.objects().stream().filter(o -> o.classId() == classId).toList();
            List<Detection> sorted = new ArrayList<>(detections.stream().filter(d -> d.classId() == classId).toList());
            sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
            positives[c] = (int) objects.stream().filter(o -> !o.ignore()).count();
            scores[c] = new double[sorted.size()];
            outcomes[c] = new byte[sorted.size()];
            boolean[] matched = new boolean[objects.size()];
            for (int d = 0; d < sorted.size(); d++) {
                scores[c][d] = sorted.get(d).score();
                outcomes[c][d] = matchOne(sorted.get(d).box(), objects, matched);
            }
        }
        return new VocImageMatch(groundTruth.id(), positives, scores, outcomes);
    }

    /** {@code voc_eval}'s step for one detection: the outcome, marking the box it takes. */
    private static byte matchOne(BoundingBox box, List<ObjectAnnotation> objects, boolean[] matched) {
        double ovmax = Double.NEGATIVE_INFINITY;
        int jmax = -1;
        for (int j = 0; j < objects.size(); j++) {
            double ov = vocIou(objects.get(j).box(), box);
            // np.argmax: the first maximum; a NaN overlap (two empty boxes) never wins
            if (ov > ovmax) {
                ovmax = ov;
                jmax = j;
            }
        }
        if (ovmax <= IOU_THRESHOLD) {
            return FALSE_POSITIVE;
        }
        if (objects.get(jmax).ignore()) {
            return IGNORED;
        }
        if (matched[jmax]) {
            return FALSE_POSITIVE;
        }
        matched[jmax] = true;
        return TRUE_POSITIVE;
    }

    /**
     * Records a matching made by {@link #match} (here or on another machine).
     *
     * @throws IllegalArgumentException for a COCO matching, one of another number of classes,
     *                                  or an image already recorded since the last reset
     */
    @Override
    public void add(ImageMatch match) {
        if (!(match instanceof VocImageMatch voc) || voc.positives().length != classNames.size()) {
            throw new IllegalArgumentException("not a VOC matching of " + classNames.size() + " classes: image "
                    + match.imageId());
        }
        Evaluators.checkNew(match.imageId(), seenImages);
        matches.add(voc);
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
            int ndet = 0;
            for (VocImageMatch m : matches) {
                ndet += m.scores()[c].length;
            }
            extra.put(EvaluationResult.NDET + "/" + classNames.get(c), (double) ndet);
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

    /** One detection of a class in the merged sweep: its score and outcome. */
    private record Scored(double score, byte outcome) {
    }

    private ClassCurve curve(int classId) {
        int npos = 0;
        List<Scored> all = new ArrayList<>();
        for (VocImageMatch m : matches) {
            npos += m.positives()[classId];
            for (int k = 0; k < m.scores()[classId].length; k++) {
                all.add(new Scored(m.scores()[classId][k], m.outcomes()[classId][k]));
            }
        }
        // stable: ties keep the processing order of images and, within one, the order given
        all.sort(Comparator.comparingDouble(Scored::score).reversed());
        int nd = all.size();
        double[] tp = new double[nd];
        double[] fp = new double[nd];
        for (int d = 0; d < nd; d++) {
            tp[d] = all.get(d).outcome() == TRUE_POSITIVE ? 1 : 0;
            fp[d] = all.get(d).outcome() == FALSE_POSITIVE ? 1 : 0;
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
