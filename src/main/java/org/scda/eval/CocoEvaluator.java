package org.scda.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;

/**
 * COCO box AP with the semantics of pycocotools' {@code COCOeval} ({@code iouType="bbox"},
 * {@code useCats=1}), reporting the area range "all" at {@code maxDets=100}: AP (the mean over
 * IoU thresholds 0.50:0.05:0.95, which is also {@link EvaluationResult#mAP()}), AP50 and AP75.
 *
 * <p>What is reproduced, per image and class ({@code evaluateImg}): detections sorted by score
 * (stable) and cut to the first {@code maxDets}, which pycocotools applies per image <em>and
 * class</em>; ground truth ordered non-ignored first; IoU in continuous coordinates without
 * +1, where an ignore box is a crowd region whose IoU is the intersection over the
 * detection's area; greedy matching per threshold in which a detection takes the
 * still-unmatched (crowd boxes may match many times) box of highest IoU {@code >= t}
 * (with {@code t} capped at {@code 1 - 1e-10}), preferring non-ignored boxes; a detection
 * matched to an ignored box is ignored. Then per class ({@code accumulate}): images in
 * ascending id order, all their detections merged and stably sorted by score, cumulative true
 * and false positives, {@code rc = tp / npig} (non-ignored ground truth), {@code pr = tp /
 * (tp + fp + spacing(1))}, precision made non-increasing from the right, and read at the 101
 * recall thresholds {@code 0:0.01:1} by a left-sided search (0 beyond the last recall
 * reached). A class whose ground truth is all ignored or absent has no AP (null, left out of
 * the mean, like pycocotools' -1 entries).
 *
 * <p>Not reproduced: the small/medium/large area ranges, maxDets 1 and 10, and AR. The area
 * range "all" is {@code [0, 1e10]} by box area.
 */
public final class CocoEvaluator implements MatchingEvaluator {
    /** pycocotools' default largest {@code maxDets}. */
    public static final int DEFAULT_MAX_DETS = 100;
    private static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
    private static final double[] RECALL_THRESHOLDS = linspace(0.0, 1.0, 101);
    private static final double AREA_MAX = 1e5 * 1e5;
    /** Key prefix of the per-class AP at IoU 0.5 in {@link EvaluationResult#extra()}. */
    public static final String PER_CLASS_AP50 = "per_class_AP50";

    private final List<String> classNames;
    private final int maxDets;
    /** image id -> per class: the matching of that image and class, null when it has neither. */
    private final TreeMap<Long, ClassMatch[]> matches = new TreeMap<>();
    private final Set<Long> seenImages = new HashSet<>();
    private final int[] detectionsPerClass;

    /**
     * The outcome of {@code evaluateImg} for one image and class.
     *
     * @param scores  the kept detections' scores, descending
     * @param matched [threshold][detection]: matched to some ground-truth box
     * @param ignored [threshold][detection]: matched to an ignored box (or out of area range)
     * @param npig    non-ignored ground-truth boxes
     */
    public record ClassMatch(double[] scores, boolean[][] matched, boolean[][] ignored, int npig)
            implements java.io.Serializable {
    }

    /**
     * One image's {@code evaluateImg} for every class ({@code accumulate} then merges the
     * images in ascending id order, whatever order they were added in).
     *
     * @param imageId    the image
     * @param perClass   [class]: the matching, null when the image has neither boxes nor
     *                   detections of the class
     * @param detections [class]: the image's detections of the class before the
     *                   {@code maxDets} cut (the {@code ndet} counts)
     */
    public record CocoImageMatch(long imageId, ClassMatch[] perClass, int[] detections) implements ImageMatch {
    }

    /** An evaluator with pycocotools' default {@code maxDets = 100}. */
    public CocoEvaluator(List<String> classNames) {
        this(classNames, DEFAULT_MAX_DETS);
    }

    /**
     * @param classNames the dataset's class names; detections and objects index them
     * @param maxDets    detections kept per image and class, highest scores first
     */
    public CocoEvaluator(List<String> classNames, int maxDets) {
        if (maxDets < 1) {
            throw new IllegalArgumentException("maxDets must be >= 1, got " + maxDets);
        }
        this.classNames = List.copyOf(classNames);
        this.maxDets = maxDets;
        this.detectionsPerClass = new int[classNames.size()];
    }

    /** The IoU thresholds 0.50, 0.55, ..., 0.95 as {@code np.linspace} computes them. */
    public static double[] iouThresholds() {
        return IOU_THRESHOLDS.clone();
    }

    @Override
    public void reset() {
        matches.clear();
        seenImages.clear();
        Arrays.fill(detectionsPerClass, 0);
    }

    @Override
    public CocoImageMatch match(DetectionSample groundTruth, List<Detection> detections) {
        Evaluators.checkImage(groundTruth, detections, classNames.size());
        ClassMatch[] perClass = new ClassMatch[classNames.size()];
        int[] counts = new int[classNames.size()];
        for (int c = 0; c < classNames.size(); c++) {
            final int classId = c;
            List<ObjectAnnotation> gts = groundTruth.objects().stream().filter(o -> o.classId() == classId).toList();
            List<Detection> dts = detections.stream().filter(d -> d.classId() == classId).toList();
            counts[c] = dts.size();
            perClass[c] = evaluateImage(gts, dts);
        }
        return new CocoImageMatch(groundTruth.id(), perClass, counts);
    }

    /**
     * Records a matching made by {@link #match} (here or on another machine).
     *
     * @throws IllegalArgumentException for a VOC matching, one of another number of classes,
     *                                  or an image already recorded since the last reset
     */
    @Override
    public void add(ImageMatch match) {
        if (!(match instanceof CocoImageMatch coco) || coco.perClass().length != classNames.size()) {
            throw new IllegalArgumentException("not a COCO matching of " + classNames.size() + " classes: image "
                    + match.imageId());
        }
        Evaluators.checkNew(match.imageId(), seenImages);
        for (int c = 0; c < classNames.size(); c++) {
            detectionsPerClass[c] += coco.detections()[c];
        }
        matches.put(coco.imageId(), coco.perClass().clone());
    }

    private ClassMatch evaluateImage(List<ObjectAnnotation> gtsInOrder, List<Detection> dtsInOrder) {
        if (gtsInOrder.isEmpty() && dtsInOrder.isEmpty()) {
            return null;
        }
        // np.argsort(gtIgnore, kind='mergesort'): non-ignored first, stable
        List<ObjectAnnotation> gts = new ArrayList<>(gtsInOrder);
        gts.sort(Comparator.comparing(ObjectAnnotation::ignore));
        List<Detection> dts = new ArrayList<>(dtsInOrder);
        dts.sort(Comparator.comparingDouble(Detection::score).reversed());
        if (dts.size() > maxDets) {
            dts = dts.subList(0, maxDets);
        }
        int ng = gts.size();
        int nd = dts.size();
        boolean[] gtIgnore = new boolean[ng];
        int npig = 0;
        for (int g = 0; g < ng; g++) {
            gtIgnore[g] = gts.get(g).ignore();
            if (!gtIgnore[g]) {
                npig++;
            }
        }
        double[][] ious = new double[nd][ng];
        for (int d = 0; d < nd; d++) {
            for (int g = 0; g < ng; g++) {
                ious[d][g] = cocoIou(dts.get(d).box(), gts.get(g).box(), gtIgnore[g]);
            }
        }
        int nt = IOU_THRESHOLDS.length;
        boolean[][] matched = new boolean[nt][nd];
        boolean[][] ignored = new boolean[nt][nd];
        for (int t = 0; t < nt; t++) {
            boolean[] gtMatched = new boolean[ng];
            for (int d = 0; d < nd; d++) {
                double iou = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
                int m = -1;
                for (int g = 0; g < ng; g++) {
                    // crowd (ignore) boxes may be matched by many detections
                    if (gtMatched[g] && !gtIgnore[g]) {
                        continue;
                    }
                    // already matched to a real box and reached the ignored ones: stop
                    if (m > -1 && !gtIgnore[m] && gtIgnore[g]) {
                        break;
                    }
                    if (ious[d][g] < iou) {
                        continue;
                    }
                    iou = ious[d][g];
                    m = g;
                }
                if (m == -1) {
                    continue;
                }
                ignored[t][d] = gtIgnore[m];
                matched[t][d] = true;
                gtMatched[m] = true;
            }
            for (int d = 0; d < nd; d++) {
                double area = dts.get(d).box().area();
                if (!matched[t][d] && (area < 0 || area > AREA_MAX)) {
                    ignored[t][d] = true;
                }
            }
        }
        double[] scores = new double[nd];
        for (int d = 0; d < nd; d++) {
            scores[d] = dts.get(d).score();
        }
        return new ClassMatch(scores, matched, ignored, npig);
    }

    @Override
    public EvaluationResult evaluate() {
        Map<String, Double> perClass = new LinkedHashMap<>();
        Map<String, Double> ap50 = new LinkedHashMap<>();
        Map<String, Double> ap75 = new LinkedHashMap<>();
        Map<String, Double> counts = new LinkedHashMap<>();
        int t75 = indexOf(IOU_THRESHOLDS, 0.75);
        for (int c = 0; c < classNames.size(); c++) {
            String name = classNames.get(c);
            double[][] precision = precision(c);
            int npig = 0;
            for (ClassMatch[] image : matches.values()) {
                npig += image[c] == null ? 0 : image[c].npig;
            }
            counts.put(EvaluationResult.NPOS + "/" + name, (double) npig);
            if (precision == null) {
                perClass.put(name, null);
                ap50.put(name, null);
                ap75.put(name, null);
                continue;
            }
            double sum = 0;
            for (double[] row : precision) {
                sum += mean(row);
            }
            perClass.put(name, sum / precision.length);
            ap50.put(name, mean(precision[0]));
            ap75.put(name, mean(precision[t75]));
        }
        for (int c = 0; c < classNames.size(); c++) {
            counts.put(EvaluationResult.NDET + "/" + classNames.get(c), (double) detectionsPerClass[c]);
        }
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("AP50", Evaluators.meanOfNonNull(ap50));
        extra.put("AP75", Evaluators.meanOfNonNull(ap75));
        for (Map.Entry<String, Double> e : ap50.entrySet()) {
            if (e.getValue() != null) {
                extra.put(PER_CLASS_AP50 + "/" + e.getKey(), e.getValue());
            }
        }
        extra.putAll(counts);
        return new EvaluationResult(Metric.COCO, Evaluators.meanOfNonNull(perClass), perClass, extra);
    }

    /** pycocotools' {@code precision[:, :, k, all, maxDets]}: [threshold][recall point], or null without npig. */
    private double[][] precision(int classId) {
        List<double[]> scoreParts = new ArrayList<>();
        List<ClassMatch> parts = new ArrayList<>();
        int npig = 0;
        for (ClassMatch[] image : matches.values()) {
            ClassMatch m = image[classId];
            if (m != null) {
                parts.add(m);
                scoreParts.add(m.scores);
                npig += m.npig;
            }
        }
        if (npig == 0) {
            return null;
        }
        int total = scoreParts.stream().mapToInt(s -> s.length).sum();
        double[] scores = new double[total];
        int[] part = new int[total];
        int[] index = new int[total];
        int k = 0;
        for (int p = 0; p < parts.size(); p++) {
            for (int d = 0; d < parts.get(p).scores.length; d++) {
                scores[k] = parts.get(p).scores[d];
                part[k] = p;
                index[k] = d;
                k++;
            }
        }
        // np.argsort(-dtScores, kind='mergesort'): stable, highest first
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
        int nt = IOU_THRESHOLDS.length;
        int nr = RECALL_THRESHOLDS.length;
        double[][] precision = new double[nt][nr];
        for (int t = 0; t < nt; t++) {
            double[] rc = new double[total];
            double[] pr = new double[total];
            long tp = 0;
            long fp = 0;
            int nd = 0;
            for (int i : order) {
                ClassMatch m = parts.get(part[i]);
                boolean matched = m.matched[t][index[i]];
                boolean ignored = m.ignored[t][index[i]];
                if (matched && !ignored) {
                    tp++;
                } else if (!matched && !ignored) {
                    fp++;
                }
                rc[nd] = (double) tp / npig;
                pr[nd] = (double) tp / ((double) fp + (double) tp + Math.ulp(1.0));
                nd++;
            }
            for (int i = nd - 1; i > 0; i--) {
                if (pr[i] > pr[i - 1]) {
                    pr[i - 1] = pr[i];
                }
            }
            for (int r = 0; r < nr; r++) {
                int pi = searchSortedLeft(rc, nd, RECALL_THRESHOLDS[r]);
                if (pi >= nd) {
                    break;
                }
                precision[t][r] = pr[pi];
            }
        }
        return precision;
    }

    /**
     * pycocotools' box IoU ({@code maskUtils.iou} on boxes): continuous coordinates; for a
     * crowd ground-truth box the union is the detection's area alone.
     */
    public static double cocoIou(BoundingBox detection, BoundingBox groundTruth, boolean crowd) {
        double w = Math.min(detection.x2(), groundTruth.x2()) - Math.max(detection.x1(), groundTruth.x1());
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(detection.y2(), groundTruth.y2()) - Math.max(detection.y1(), groundTruth.y1());
        if (h <= 0) {
            return 0;
        }
        double inter = w * h;
        double union = crowd ? detection.area() : detection.area() + groundTruth.area() - inter;
        return inter / union;
    }

    /** {@code np.searchsorted(a[:n], v, side='left')}: the first index whose value is >= v. */
    private static int searchSortedLeft(double[] a, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** {@code np.linspace(start, stop, num)}: {@code i * step + start}, the last value exactly {@code stop}. */
    static double[] linspace(double start, double stop, int num) {
        double step = (stop - start) / (num - 1);
        double[] y = new double[num];
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    private static int indexOf(double[] values, double wanted) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == wanted) {
                return i;
            }
        }
        throw new IllegalStateException("no threshold " + wanted + " in " + Arrays.toString(values));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
