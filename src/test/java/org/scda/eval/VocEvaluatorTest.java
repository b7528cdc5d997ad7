package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.scda.eval.Fixtures.BIKE;
import static org.scda.eval.Fixtures.CLASSES;
import static org.scda.eval.Fixtures.CAR;
import static org.scda.eval.Fixtures.PERSON;
import static org.scda.eval.Fixtures.dataset;
import static org.scda.eval.Fixtures.det;
import static org.scda.eval.Fixtures.gt;
import static org.scda.eval.Fixtures.ignored;
import static org.scda.eval.Fixtures.image;
import static org.scda.eval.Fixtures.list;
import static org.scda.eval.Fixtures.on;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.ObjectAnnotation;

class VocEvaluatorTest {
    private static final double TOL = 1e-12;

    private static double carAp(DetectionDataset ds, List<Detection> dets, Metric metric) {
        return Evaluators.evaluate(ds, dets, metric).ap("car");
    }

    @Test
    void perfectDetectorScoresOneWithBothMetrics() {
        ObjectAnnotation a = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation b = gt(CAR, 30, 5, 60, 40);
        ObjectAnnotation p = gt(PERSON, 100, 10, 110, 50);
        DetectionDataset ds = dataset(image(1, a, p), image(2, b));
        List<Detection> dets = list(on(1, a, 0.7), on(2, b, 0.9), on(1, p, 0.8));
        for (Metric m : List.of(Metric.VOC07, Metric.VOC)) {
            EvaluationResult r = Evaluators.evaluate(ds, dets, m);
            assertThat(r.metric()).isEqualTo(m);
            assertThat(r.ap("car")).isEqualTo(1.0);
            assertThat(r.ap("person")).isEqualTo(1.0);
            assertThat(r.mAP()).isEqualTo(1.0);
        }
    }

    /*
     * Two cars (images 1 and 2). Detections by score: A 0.9 on car 1 (TP), A' 0.8 on car 1 again
     * (duplicate -> FP), B 0.7 on car 2 (TP).
     *   tp = 1,0,1 -> cumTP 1,1,2; cumFP 0,1,1; rec = .5,.5,1; prec = 1, 1/2, 2/3.
     * All-point: mrec 0,.5,.5,1,1  mpre 0,1,1/2,2/3,0 -> from the right 1,1,2/3,2/3,0;
     *   AP = (.5-0)*1 + (1-.5)*2/3 = 1/2 + 1/3 = 5/6.
     * 11-point: t = 0..0.5 (6 points) max prec at rec>=t = 1; t = .6..1 (5 points) only rec=1
     *   with prec 2/3; AP = (6 + 5*2/3)/11 = 28/33.
     * Without the duplicate both are 1.
     */
    @Test
    void duplicateDetectionIsAFalsePositive() {
        ObjectAnnotation a = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation b = gt(CAR, 30, 5, 60, 40);
        DetectionDataset ds = dataset(image(1, a), image(2, b));
        List<Detection> dets = list(on(1, a, 0.9), on(1, a, 0.8), on(2, b, 0.7));

        assertThat(carAp(ds, dets, Metric.VOC)).isCloseTo(5.0 / 6, within(TOL));
        assertThat(carAp(ds, dets, Metric.VOC07)).isCloseTo(28.0 / 33, within(TOL));
        dets.remove(1);
        assertThat(carAp(ds, dets, Metric.VOC)).isEqualTo(1.0);
        assertThat(carAp(ds, dets, Metric.VOC07)).isEqualTo(1.0);
    }

    /*
     * One counted car and one difficult car. Detections: 0.95 and 0.9 both on the difficult box
     * (ignored, even the second: a difficult box is never "already matched"), 0.8 on the car (TP).
     * npos = 1; only the TP counts: rec 1, prec 1 -> AP 1, the same as without the two
     * detections. Counting them as FPs would give rec 0,0,1 prec 0,0,1/3 -> all-point AP 1/3.
     */
    @Test
    void detectionOnDifficultBoxIsIgnored() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation difficult = ignored(CAR, 20, 20, 30, 30);
        DetectionDataset ds = dataset(image(1, car, difficult));
        List<Detection> withIgnored = list(on(1, difficult, 0.95), on(1, difficult, 0.9), on(1, car, 0.8));

        EvaluationResult r = Evaluators.evaluate(ds, withIgnored, Metric.VOC);
        assertThat(r.ap("car")).isEqualTo(1.0);
        assertThat(r.extra()).containsEntry("npos/car", 1.0).containsEntry("ndet/car", 3.0);
        assertThat(carAp(ds, withIgnored, Metric.VOC07)).isEqualTo(1.0);
        assertThat(carAp(ds, List.of(on(1, car, 0.8)), Metric.VOC)).isEqualTo(1.0);

        // the same box not marked difficult is a normal positive: npos 2, the second detection a
        // duplicate: rec .5,.5,1 prec 1,1/2,2/3 -> 5/6 as in the duplicate case
        DetectionDataset plain = dataset(image(1, car, gt(CAR, 20, 20, 30, 30)));
        assertThat(carAp(plain, withIgnored, Metric.VOC)).isCloseTo(5.0 / 6, within(TOL));
    }

    @Test
    void classWithoutGroundTruthIsNullAndOutOfTheMean() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation person = gt(PERSON, 50, 0, 60, 30);
        // a bike detection but no bike ground truth; only ignored bikes do not count either
        DetectionDataset ds = dataset(image(1, car, person, ignored(BIKE, 100, 0, 120, 20)));
        // car: FP 0.9 then TP 0.8 -> rec 0,1 prec 0,1/2 -> all-point AP 1/2; person: AP 1
        List<Detection> dets = list(det(1, CAR, 0.9, 150, 50, 170, 70), on(1, car, 0.8),
                on(1, person, 0.5), det(1, BIKE, 0.99, 100, 0, 120, 20));
        EvaluationResult r = Evaluators.evaluate(ds, dets, Metric.VOC);
        assertThat(r.perClass()).containsKeys("car", "person", "bike");
        assertThat(r.perClass().get("bike")).isNull();
        assertThat(r.ap("car")).isCloseTo(0.5, within(TOL));
        assertThat(r.ap("person")).isEqualTo(1.0);
        assertThat(r.mAP()).isCloseTo(0.75, within(TOL));
        assertThat(r.classesInMean()).isEqualTo(2);
        assertThat(r.toJson()).contains("\"bike\": null");
    }

    @Test
    void classWithGroundTruthButNoDetectionsScoresZero() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation person = gt(PERSON, 50, 0, 60, 30);
        DetectionDataset ds = dataset(image(1, car), image(2, person));
        for (Metric m : List.of(Metric.VOC07, Metric.VOC)) {
            EvaluationResult r = Evaluators.evaluate(ds, List.of(on(1, car, 0.5)), m);
            assertThat(r.ap("person")).isEqualTo(0.0);
            assertThat(r.mAP()).isCloseTo(0.5, within(TOL));
        }
        // an image that has no detections at all still counts its objects as missed
        assertThat(Evaluators.evaluate(ds, List.of(), Metric.VOC).mAP()).isEqualTo(0.0);
    }

    /*
     * VOC XML boxes are 1-based inclusive pixels; the reader stores (xmin-1, ymin-1, xmax, ymax).
     * GT xml (1,1,4,4) = 4x4 pixels, det xml (2,1,5,4). voc_eval on the XML numbers: inter
     * x 2..4 = 3 px, y 1..4 = 4 px -> 12; union 16 + 16 - 12 = 20; IoU 0.6 > 0.5: a match.
     * The plain continuous IoU of the raw XML numbers is (2*3)/(9+9-6) = 0.5: not a match.
     */
    @Test
    void plusOnePixelIoUMatchesVocEvalOnXmlBoxes() {
        BoundingBox gtStored = fromVocXml(1, 1, 4, 4);
        BoundingBox detStored = fromVocXml(2, 1, 5, 4);
        assertThat(VocEvaluator.vocIou(gtStored, detStored)).isCloseTo(0.6, within(TOL));
        assertThat(VocEvaluator.vocIou(detStored, gtStored)).isCloseTo(0.6, within(TOL));
        assertThat(new BoundingBox(1, 1, 4, 4).iou(new BoundingBox(2, 1, 5, 4))).isCloseTo(0.5, within(TOL));

        DetectionDataset ds = dataset(image(1, new ObjectAnnotation(gtStored, CAR, false)));
        assertThat(carAp(ds, List.of(new Detection(1, CAR, detStored, 0.9)), Metric.VOC)).isEqualTo(1.0);
    }

    /*
     * The other side of the boundary. GT xml (1,1,3,3) = 3x3 px, det xml (2,1,4,3): voc_eval
     * inter 2*3 = 6, union 9 + 9 - 6 = 12, IoU exactly 0.5: not > 0.5, a false positive.
     * Putting +1 widths on the stored boxes (0,0,3,3) and (1,0,4,3) instead would give
     * inter 3*4 = 12, union 16 + 16 - 12 = 20, IoU 0.6: a (wrong) match.
     */
    @Test
    void iouOfExactlyHalfIsNotAMatch() {
        BoundingBox gtStored = fromVocXml(1, 1, 3, 3);
        BoundingBox detStored = fromVocXml(2, 1, 4, 3);
        assertThat(VocEvaluator.vocIou(gtStored, detStored)).isEqualTo(0.5);
        DetectionDataset ds = dataset(image(1, new ObjectAnnotation(gtStored, CAR, false)));
        assertThat(carAp(ds, List.of(new Detection(1, CAR, detStored, 0.9)), Metric.VOC)).isEqualTo(0.0);
        assertThat(carAp(ds, List.of(new Detection(1, CAR, detStored, 0.9)), Metric.VOC07)).isEqualTo(0.0);
    }

    private static BoundingBox fromVocXml(int xmin, int ymin, int xmax, int ymax) {
        return new BoundingBox(xmin - 1, ymin - 1, xmax, ymax);
    }

    /*
     * Three cars in three images; detections by score: TP .9, FP .8, FP .7, TP .6, TP .5.
     * cumTP 1,1,1,2,3  cumFP 0,1,2,2,2; rec 1/3,1/3,1/3,2/3,1; prec 1,1/2,1/3,1/2,3/5.
     * All-point: precision from the right: 1, .6, .6, .6, .6 ->
     *   AP = 1/3*1 + 1/3*.6 + 1/3*.6 = 1/3 + .4 = 11/15.
     * 11-point: t = 0,.1,.2,.3 -> 1 (4 points); t = .4 .. 1 (7 points) -> max(1/2, 3/5) or 3/5 = .6;
     *   AP = (4 + 7*.6)/11 = 8.2/11 = 41/55.
     */
    @Test
    void elevenPointAndAllPointDifferOnTheSameCurve() {
        ObjectAnnotation a = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation b = gt(CAR, 0, 0, 20, 20);
        ObjectAnnotation c = gt(CAR, 5, 5, 40, 40);
        DetectionDataset ds = dataset(image(1, a), image(2, b), image(3, c));
        List<Detection> dets = list(on(1, a, 0.9), det(1, CAR, 0.8, 50, 50, 60, 60),
                det(2, CAR, 0.7, 50, 50, 60, 60), on(2, b, 0.6), on(3, c, 0.5));
        assertThat(carAp(ds, dets, Metric.VOC)).isCloseTo(11.0 / 15, within(TOL));
        assertThat(carAp(ds, dets, Metric.VOC07)).isCloseTo(41.0 / 55, within(TOL));

        // the input order does not matter, only the scores
        Collections.reverse(dets);
        assertThat(carAp(ds, dets, Metric.VOC)).isCloseTo(11.0 / 15, within(TOL));
        Collections.shuffle(dets, new java.util.Random(7));
        assertThat(carAp(ds, dets, Metric.VOC07)).isCloseTo(41.0 / 55, within(TOL));
    }

    /*
     * One car. TP at .9 and FP at .8: rec 1,1 prec 1,1/2 -> AP 1.
     * Swapped scores (FP .9, TP .8): rec 0,1 prec 0,1/2 -> AP 1/2 (both metrics).
     */
    @Test
    void scoresDecideTheOrder() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        DetectionDataset ds = dataset(image(1, car));
        Detection miss = det(1, CAR, 0.8, 50, 50, 60, 60);
        assertThat(carAp(ds, List.of(miss, on(1, car, 0.9)), Metric.VOC)).isEqualTo(1.0);
        Detection missHigh = det(1, CAR, 0.9, 50, 50, 60, 60);
        assertThat(carAp(ds, List.of(on(1, car, 0.8), missHigh), Metric.VOC)).isCloseTo(0.5, within(TOL));
        assertThat(carAp(ds, List.of(on(1, car, 0.8), missHigh), Metric.VOC07)).isCloseTo(0.5, within(TOL));
    }

    /*
     * A detection takes the GT box of highest IoU even when that box is already matched; it does
     * not fall back to another unmatched box. Cars a (0,0,10,10) and b (5,0,15,10).
     * The 0.8 detection (2,0,12,10): IoU with a 80/120 = .667, with b 70/130 = .538 > .5, but a
     * wins and is taken by the 0.9 detection, so it is a duplicate: FP.
     * npos 2: rec .5,.5 prec 1,1/2 -> all-point AP = .5*1 = 1/2.
     */
    @Test
    void duplicateDoesNotFallBackToAnotherBox() {
        ObjectAnnotation a = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation b = gt(CAR, 5, 0, 15, 10);
        DetectionDataset ds = dataset(image(1, a, b));
        Detection second = det(1, CAR, 0.8, 2, 0, 12, 10);
        assertThat(VocEvaluator.vocIou(b.box(), second.box())).isCloseTo(7.0 / 13, within(TOL));
        assertThat(carAp(ds, List.of(on(1, a, 0.9), second), Metric.VOC)).isCloseTo(0.5, within(TOL));
    }

    @Test
    void evaluatorIsReusableAfterReset() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        VocEvaluator ev = new VocEvaluator(Fixtures.CLASSES, true);
        ev.process(image(1, car), List.of(det(1, CAR, 0.9, 50, 50, 60, 60)));
        assertThat(ev.evaluate().ap("car")).isEqualTo(0.0);
        ev.reset();
        ev.process(image(1, car), List.of(on(1, car, 0.9)));
        assertThat(ev.evaluate().ap("car")).isEqualTo(1.0);
        assertThatThrownBy(() -> ev.process(image(1, car), List.of())).hasMessageContaining("already processed");
        assertThatThrownBy(() -> ev.process(image(2, car), List.of(on(1, car, 0.5))))
                .hasMessageContaining("image 1");
    }

    @Test
    void unknownImageIdsAreRejectedNotDropped() {
        DetectionDataset ds = dataset(image(1, gt(CAR, 0, 0, 10, 10)));
        assertThatThrownBy(() -> Evaluators.evaluate(ds, List.of(det(99, CAR, 0.5, 0, 0, 1, 1)), Metric.VOC))
                .hasMessageContaining("99");
        Evaluators.Grouped g = Evaluators.groupByImage(ds, List.of(det(99, CAR, 0.5, 0, 0, 1, 1), det(1, CAR, 0.5, 0, 0, 1, 1)));
        assertThat(g.unknownImage()).hasSize(1);
        assertThat(g.byImage().get(1L)).hasSize(1);
    }

    @Test
    void vocApOfEmptyCurveIsZero() {
        assertThat(VocEvaluator.vocAp(new double[0], new double[0], true)).isEqualTo(0.0);
        assertThat(VocEvaluator.vocAp(new double[0], new double[0], false)).isEqualTo(0.0);
    }

    @Test
    void matchCountsAreTheMatchingsTruePositivesFalsePositivesAndGroundTruth() {
        ObjectAnnotation a = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation b = gt(CAR, 30, 5, 60, 40);
        ObjectAnnotation p = gt(PERSON, 100, 10, 110, 50);
        ObjectAnnotation crowd = ignored(PERSON, 200, 10, 240, 50);
        DetectionDataset ds = dataset(image(1, a, p, crowd), image(2, b));
        // a twice (the second a duplicate: false positive), b missed, p found, one on the ignored box, one stray
        List<Detection> dets = list(on(1, a, 0.9), on(1, a, 0.8), on(1, p, 0.7), on(1, crowd, 0.6),
                det(2, BIKE, 0.5, 0, 0, 5, 5));
        VocEvaluator e = new VocEvaluator(CLASSES, true);
        var byImage = Evaluators.groupByImage(ds, dets).byImage();
        for (var s : ds.samples()) {
            e.process(s, byImage.get(s.id()));
        }
        VocEvaluator.MatchCounts c = e.matchCounts();
        assertThat(c).isEqualTo(new VocEvaluator.MatchCounts(3, 2, 2));
        assertThat(c.precision()).isEqualTo(0.5);
        assertThat(c.recall()).isEqualTo(2.0 / 3);
        assertThat(new VocEvaluator.MatchCounts(0, 0, 0).precision()).isNaN();
    }
}
