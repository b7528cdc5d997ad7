package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.scda.eval.Fixtures.BIKE;
import static org.scda.eval.Fixtures.CAR;
import static org.scda.eval.Fixtures.PERSON;
import static org.scda.eval.Fixtures.dataset;
import static org.scda.eval.Fixtures.det;
import static org.scda.eval.Fixtures.gt;
import static org.scda.eval.Fixtures.ignored;
import static org.scda.eval.Fixtures.image;
import static org.scda.eval.Fixtures.list;
import static org.scda.eval.Fixtures.on;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.ObjectAnnotation;

/*
 * pycocotools divides by tp + fp + spacing(1), so a "perfect" precision is 1/(1+2.2e-16): the
 * expected values below are compared with a 1e-12 tolerance.
 */
class CocoEvaluatorTest {
    private static final double TOL = 1e-12;

    @Test
    void thresholdsAreNumpyLinspace() {
        double[] t = CocoEvaluator.iouThresholds();
        assertThat(t).hasSize(10);
        assertThat(t[0]).isEqualTo(0.5);
        assertThat(t[2]).isEqualTo(0.6);
        assertThat(t[5]).isEqualTo(0.75);
        // np.linspace(.5, .95, 10)[8] is 0.8999999999999999, not 0.9
        assertThat(t[8]).isEqualTo(0.8999999999999999);
        assertThat(t[9]).isEqualTo(0.95);
    }

    @Test
    void onePerfectDetectionScoresOneAtEveryThreshold() {
        ObjectAnnotation car = gt(CAR, 10, 10, 50, 30);
        EvaluationResult r = Evaluators.evaluate(dataset(image(1, car)), List.of(on(1, car, 0.3)), Metric.COCO);
        assertThat(r.metric()).isEqualTo(Metric.COCO);
        assertThat(r.ap("car")).isCloseTo(1.0, within(TOL));
        assertThat(r.mAP()).isCloseTo(1.0, within(TOL));
        assertThat(r.extra().get("AP50")).isCloseTo(1.0, within(TOL));
        assertThat(r.extra().get("AP75")).isCloseTo(1.0, within(TOL));
    }

    /*
     * GT (0,0,10,10), detection (0,0,10,h): IoU = 10h/100. A detection matches at threshold t
     * when IoU >= t (pycocotools skips a box only when iou < t). With one GT and one detection,
     * the AP at a threshold is 1 if it matches (precision 1 at every recall point) else 0, so
     * AP = (number of thresholds passed) / 10.
     *   h=6:   IoU 0.6  passes .50 .55 .60 (linspace gives exactly 0.6)      -> AP .3, AP50 1, AP75 0
     *   h=6.2: IoU 0.62 passes .50 .55 .60                                    -> AP .3
     *   h=7:   IoU 0.7  passes .50 .. .70                                     -> AP .5
     *   h=8:   IoU 0.8  passes .50 .. .80                                     -> AP .7, AP75 1
     *   h=9:   IoU 0.9  passes .50 .. .8999999999999999 (9 thresholds)        -> AP .9
     */
    @Test
    void apCountsThePassedThresholds() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        DetectionDataset ds = dataset(image(1, car));
        double[][] cases = {{6, 0.3, 1, 0}, {6.2, 0.3, 1, 0}, {7, 0.5, 1, 0}, {8, 0.7, 1, 1}, {9, 0.9, 1, 1}, {4.9, 0, 0, 0}};
        for (double[] c : cases) {
            EvaluationResult r = Evaluators.evaluate(ds, List.of(det(1, CAR, 0.9, 0, 0, 10, c[0])), Metric.COCO);
            assertThat(r.ap("car")).as("AP with h=%s", c[0]).isCloseTo(c[1], within(TOL));
            assertThat(r.extra().get("AP50")).as("AP50 with h=%s", c[0]).isCloseTo(c[2], within(TOL));
            assertThat(r.extra().get("AP75")).as("AP75 with h=%s", c[0]).isCloseTo(c[3], within(TOL));
        }
    }

    /*
     * Two cars in two images; detections: .9 on car 1, .8 on car 1 again (duplicate), .7 on car 2.
     * At every threshold: tp 1,1,2 fp 0,1,1; rc .5,.5,1; pr 1, 1/2, 2/3 -> from the right
     * 1, 2/3, 2/3. Recall points r = 0, .01, .., .50 (51 points) find rc index 0 -> 1;
     * r = .51 .. 1 (50 points) find index 2 -> 2/3. AP = (51 + 50*2/3)/101 = 253/303.
     */
    @Test
    void duplicateIsAFalsePositive() {
        ObjectAnnotation a = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation b = gt(CAR, 30, 5, 60, 40);
        DetectionDataset ds = dataset(image(1, a), image(2, b));
        EvaluationResult r = Evaluators.evaluate(ds, list(on(1, a, 0.9), on(1, a, 0.8), on(2, b, 0.7)), Metric.COCO);
        assertThat(r.ap("car")).isCloseTo(253.0 / 303, within(TOL));
        assertThat(r.extra().get("AP50")).isCloseTo(253.0 / 303, within(TOL));
        assertThat(r.extra().get("per_class_AP50/car")).isCloseTo(253.0 / 303, within(TOL));
        EvaluationResult clean = Evaluators.evaluate(ds, list(on(1, a, 0.9), on(2, b, 0.7)), Metric.COCO);
        assertThat(clean.ap("car")).isCloseTo(1.0, within(TOL));
    }

    @Test
    void crowdIouDividesByTheDetectionArea() {
        BoundingBox detection = new BoundingBox(10, 0, 50, 40);
        BoundingBox region = new BoundingBox(20, 0, 60, 40);
        // intersection 30*40 = 1200, detection area 1600
        assertThat(CocoEvaluator.cocoIou(detection, region, true)).isCloseTo(0.75, within(TOL));
        // union 1600 + 1600 - 1200 = 2000
        assertThat(CocoEvaluator.cocoIou(detection, region, false)).isCloseTo(0.6, within(TOL));
    }

    /*
     * A car and a crowd region (ignore). Two detections inside the region (crowd IoU 1: both
     * match it, a crowd box may be matched many times, and both are ignored), one exact on the
     * car: only the TP counts, npig = 1 -> AP 1. With the region as an ordinary box: npig 2,
     * detections FP (IoU 100/1600), FP, TP -> rc 0,0,.5 pr 0,0,1/3 -> 1/3 up to recall .5:
     * AP = 51*(1/3)/101 = 17/101.
     */
    @Test
    void detectionsInCrowdRegionsAreIgnored() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        List<Detection> dets = list(det(1, CAR, 0.95, 25, 5, 35, 15), det(1, CAR, 0.93, 40, 10, 50, 20), on(1, car, 0.9));

        EvaluationResult r = Evaluators.evaluate(dataset(image(1, car, ignored(CAR, 20, 0, 60, 40))), dets, Metric.COCO);
        assertThat(r.ap("car")).isCloseTo(1.0, within(TOL));
        assertThat(r.extra()).containsEntry("npos/car", 1.0);

        EvaluationResult plain = Evaluators.evaluate(dataset(image(1, car, gt(CAR, 20, 0, 60, 40))), dets, Metric.COCO);
        assertThat(plain.ap("car")).isCloseTo(17.0 / 101, within(TOL));
    }

    @Test
    void classesWithoutGroundTruthAreNullAndWithoutDetectionsZero() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation person = gt(PERSON, 50, 0, 60, 30);
        DetectionDataset ds = dataset(image(1, car, person, ignored(BIKE, 100, 0, 120, 20)));
        EvaluationResult r = Evaluators.evaluate(ds, list(on(1, car, 0.9), det(1, BIKE, 0.8, 100, 0, 120, 20)), Metric.COCO);
        assertThat(r.perClass().get("bike")).isNull();
        assertThat(r.perClass()).containsKey("bike");
        assertThat(r.ap("person")).isEqualTo(0.0);
        assertThat(r.mAP()).isCloseTo(0.5, within(TOL));
        assertThat(r.extra().get("AP50")).isCloseTo(0.5, within(TOL));
    }

    /*
     * One car; detections .9 and .8 miss, .7 is exact. Default maxDets: rc 0,0,1 pr 0,0,1/3 ->
     * from the right 1/3 everywhere -> AP 1/3. With maxDets 2 per image and class the TP is cut
     * -> AP 0. Person detections in the same image do not use up the car's quota.
     */
    @Test
    void maxDetsCutsPerImageAndClass() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        List<Detection> dets = new ArrayList<>(List.of(det(1, CAR, 0.9, 50, 50, 60, 60),
                det(1, CAR, 0.8, 70, 50, 80, 60), on(1, car, 0.7)));
        for (int i = 0; i < 5; i++) {
            dets.add(det(1, PERSON, 0.99, 100, 0, 110, 10));
        }
        DatasetEvaluator full = new CocoEvaluator(Fixtures.CLASSES);
        full.process(image(1, car), dets);
        assertThat(full.evaluate().ap("car")).isCloseTo(1.0 / 3, within(TOL));

        DatasetEvaluator capped = new CocoEvaluator(Fixtures.CLASSES, 3);
        capped.process(image(1, car), dets);
        assertThat(capped.evaluate().ap("car")).isCloseTo(1.0 / 3, within(TOL));

        DatasetEvaluator tight = new CocoEvaluator(Fixtures.CLASSES, 2);
        tight.process(image(1, car), dets);
        assertThat(tight.evaluate().ap("car")).isEqualTo(0.0);
    }

    /* Images are accumulated in id order whatever the processing order. */
    @Test
    void processingOrderDoesNotMatter() {
        ObjectAnnotation a = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation b = gt(CAR, 30, 5, 60, 40);
        List<Detection> dets1 = List.of(on(1, a, 0.5), det(1, CAR, 0.5, 80, 80, 90, 90));
        List<Detection> dets2 = List.of(on(2, b, 0.5));
        CocoEvaluator forward = new CocoEvaluator(Fixtures.CLASSES);
        forward.process(image(1, a), dets1);
        forward.process(image(2, b), dets2);
        CocoEvaluator backward = new CocoEvaluator(Fixtures.CLASSES);
        backward.process(image(2, b), dets2);
        backward.process(image(1, a), dets1);
        assertThat(backward.evaluate().ap("car")).isEqualTo(forward.evaluate().ap("car"));
    }
}
