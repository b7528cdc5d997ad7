package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.data.SkipReport;
import org.scda.data.mask.PolygonRasterizer;
import org.scda.data.mask.Rle;

class MaskVocEvaluatorTest {
    private static final List<String> CLASSES = List.of("car", "person");
    private static final int CAR = 0;
    private static final int PERSON = 1;
    private static final int H = 30;
    private static final int W = 40;
    private static final double TOL = 1e-12;

    private static ObjectAnnotation object(int classId, boolean ignore, double... xy) {
        Polygon p = new Polygon(xy);
        return new ObjectAnnotation(p.bounds(), classId, ignore, List.of(p));
    }

    /** A right triangle: its mask is about half of its box. */
    private static ObjectAnnotation triangle(int classId, double x1, double y1, double x2, double y2) {
        return object(classId, false, x1, y1, x2, y1, x1, y2);
    }

    private static ObjectAnnotation square(int classId, double x1, double y1, double x2, double y2) {
        return object(classId, false, x1, y1, x2, y1, x2, y2, x1, y2);
    }

    private static DetectionSample image(long id, ObjectAnnotation... objects) {
        return new DetectionSample(id, Path.of("img" + id + ".png"), W, H, List.of(objects));
    }

    private static DetectionDataset dataset(DetectionSample... samples) {
        return new DetectionDataset("masks", CLASSES, List.of(samples), true, SkipReport.empty());
    }

    /** A detection whose box and mask are the rectangle's pixels [x0, x1) x [y0, y1). */
    private static MaskDetection rect(long imageId, int classId, double score, int x0, int y0, int x1, int y1) {
        return new MaskDetection(new Detection(imageId, classId, new BoundingBox(x0, y0, x1, y1), score),
                Rle.rectangle(H, W, x0, y0, x1, y1));
    }

    /** A detection with exactly the ground-truth object's rasterised mask and its box. */
    private static MaskDetection on(long imageId, ObjectAnnotation o, double score) {
        Rle mask = Rle.encode(PolygonRasterizer.rasterize(o.polygons(), W, H), H, W);
        return new MaskDetection(new Detection(imageId, o.classId(), o.box(), score), mask);
    }

    private static double carAp(DetectionDataset ds, List<MaskDetection> dets, Metric metric) {
        return MaskVocEvaluator.evaluate(ds, dets, metric).ap("car");
    }

    @Test
    void perfectMasksScoreOne() {
        ObjectAnnotation a = triangle(CAR, 2, 2, 20, 14);
        ObjectAnnotation b = square(CAR, 25, 5, 35, 25);
        ObjectAnnotation p = triangle(PERSON, 10, 15, 22, 29);
        DetectionDataset ds = dataset(image(1, a, p), image(2, b));
        List<MaskDetection> dets = List.of(on(1, a, 0.7), on(2, b, 0.9), on(1, p, 0.8));
        for (Metric m : List.of(Metric.VOC07, Metric.VOC)) {
            EvaluationResult r = MaskVocEvaluator.evaluate(ds, dets, m);
            assertThat(r.metric()).isEqualTo(m);
            assertThat(r.ap("car")).isEqualTo(1.0);
            assertThat(r.ap("person")).isEqualTo(1.0);
            assertThat(r.mAP()).isEqualTo(1.0);
            assertThat(r.extra().get("npos/car")).isEqualTo(2.0);
            assertThat(r.extra().get(MaskVocEvaluator.GT_WITHOUT_MASK)).isZero();
        }
    }

    /*
     * Two cars (images 1 and 2). By score: 0.9 on car 1 (TP), 0.8 on car 1 again (duplicate, FP),
     * 0.7 on car 2 (TP): rec .5,.5,1, prec 1,1/2,2/3 -> all-point 5/6, 11-point 28/33 (the
     * same hand computation as the box evaluator's test).
     */
    @Test
    void duplicateIsAFalsePositive() {
        ObjectAnnotation a = triangle(CAR, 2, 2, 20, 14);
        ObjectAnnotation b = square(CAR, 25, 5, 35, 25);
        DetectionDataset ds = dataset(image(1, a), image(2, b));
        List<MaskDetection> dets = new ArrayList<>(List.of(on(1, a, 0.9), on(1, a, 0.8), on(2, b, 0.7)));
        assertThat(carAp(ds, dets, Metric.VOC)).isCloseTo(5.0 / 6, within(TOL));
        assertThat(carAp(ds, dets, Metric.VOC07)).isCloseTo(28.0 / 33, within(TOL));
        dets.remove(1);
        assertThat(carAp(ds, dets, Metric.VOC)).isEqualTo(1.0);
    }

    /*
     * The car is the 10x10 square [0,10)^2 (100 px). A detection covering its rows 0..5 (60 px)
     * has mask IoU 0.6 > 0.5: TP. Rows 0..4 (50 px): IoU exactly 0.5, not > 0.5: FP.
     */
    @Test
    void matchingUsesMaskIouWithAStrictThreshold() {
        ObjectAnnotation car = square(CAR, 0, 0, 10, 10);
        DetectionDataset ds = dataset(image(1, car));
        assertThat(carAp(ds, List.of(rect(1, CAR, 0.9, 0, 0, 10, 6)), Metric.VOC)).isEqualTo(1.0);
        assertThat(carAp(ds, List.of(rect(1, CAR, 0.9, 0, 0, 10, 5)), Metric.VOC)).isEqualTo(0.0);
    }

    /*
     * Box IoU 1 does not make a mask match: the car is the triangle (0,0),(20,0),(0,20), whose
     * pixels are those with centre x + y < 20, i.e. x + y <= 18: 190 px. A detection with the
     * exact box and the full box as mask has mask IoU 190/400 = 0.475: missed. The triangle's
     * own pixels match.
     */
    @Test
    void aPerfectBoxWithAWrongMaskIsMissed() {
        ObjectAnnotation car = triangle(CAR, 0, 0, 20, 20);
        DetectionDataset ds = dataset(image(1, car));
        assertThat(carAp(ds, List.of(rect(1, CAR, 0.9, 0, 0, 20, 20)), Metric.VOC)).isEqualTo(0.0);
        assertThat(carAp(ds, List.of(on(1, car, 0.9)), Metric.VOC)).isEqualTo(1.0);
    }

    /*
     * One car and one ignored car. 0.95 on the ignored one (neither TP nor FP), 0.8 on the car:
     * rec 0, 1 and prec 0/eps=0, 1 -> all-point AP 1; counting it as FP would give 1/2.
     */
    @Test
    void detectionsOnIgnoredObjectsDoNotCount() {
        ObjectAnnotation car = square(CAR, 0, 0, 10, 10);
        ObjectAnnotation crowd = object(CAR, true, 20, 0, 35, 0, 35, 15, 20, 15);
        DetectionDataset ds = dataset(image(1, car, crowd));
        List<MaskDetection> dets = List.of(rect(1, CAR, 0.95, 20, 0, 35, 15), rect(1, CAR, 0.8, 0, 0, 10, 10));
        EvaluationResult r = MaskVocEvaluator.evaluate(ds, dets, Metric.VOC);
        assertThat(r.ap("car")).isEqualTo(1.0);
        assertThat(r.ap("person")).isNull();
        assertThat(r.extra().get("npos/car")).isEqualTo(1.0);
    }

    @Test
    void objectsWithoutPolygonsUseTheirBox() {
        ObjectAnnotation boxOnly = new ObjectAnnotation(new BoundingBox(5, 5, 15, 10), CAR, false);
        DetectionDataset ds = dataset(image(1, boxOnly));
        EvaluationResult r = MaskVocEvaluator.evaluate(ds, List.of(rect(1, CAR, 0.5, 5, 5, 15, 10)), Metric.VOC07);
        assertThat(r.ap("car")).isEqualTo(1.0);
        assertThat(r.extra().get(MaskVocEvaluator.GT_WITHOUT_MASK)).isEqualTo(1.0);
    }

    @Test
    void rejectsMasksOfTheWrongSizeAndCocoMetric() {
        ObjectAnnotation car = square(CAR, 0, 0, 10, 10);
        DetectionDataset ds = dataset(image(1, car));
        MaskDetection wrongSize = new MaskDetection(new Detection(1, CAR, new BoundingBox(0, 0, 10, 10), 0.9),
                Rle.rectangle(H + 1, W, 0, 0, 10, 10));
        assertThatThrownBy(() -> MaskVocEvaluator.evaluate(ds, List.of(wrongSize), Metric.VOC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        assertThatThrownBy(() -> MaskVocEvaluator.evaluate(ds, List.of(), Metric.COCO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MaskVocEvaluator.evaluate(ds, List.of(rect(9, CAR, 0.9, 0, 0, 1, 1)), Metric.VOC))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
