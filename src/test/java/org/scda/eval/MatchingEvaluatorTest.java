package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scda.eval.Fixtures.CAR;
import static org.scda.eval.Fixtures.PERSON;
import static org.scda.eval.Fixtures.det;
import static org.scda.eval.Fixtures.gt;
import static org.scda.eval.Fixtures.ignored;
import static org.scda.eval.Fixtures.image;
import static org.scda.eval.Fixtures.on;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.SkipReport;

/** Matching images apart (as scda-spark's executors do) and adding the matchings gives the one-process numbers. */
class MatchingEvaluatorTest {

    @Test
    void matchingsMadeApartAndSerialisedGiveTheNumbersOfOneEvaluatorForEveryMetric() throws Exception {
        Random random = new Random(19);
        DetectionDataset data = randomScene(random, 30);
        List<Detection> detections = randomDetections(random, data);
        for (Metric metric : Metric.values()) {
            EvaluationResult whole = Evaluators.evaluate(data, detections, metric);
            Evaluators.Grouped grouped = Evaluators.groupByImage(data, detections);
            List<ImageMatch> matches = new ArrayList<>();
            for (DetectionSample s : data.samples()) {
                // a fresh evaluator per image, like a task on another machine
                ImageMatch m = Evaluators.create(metric, data.classNames()).match(s, grouped.byImage().get(s.id()));
                matches.add(roundTrip(m));
            }
            MatchingEvaluator driver = Evaluators.create(metric, data.classNames());
            matches.forEach(driver::add);
            assertThat(driver.evaluate()).as(metric.cliName()).isEqualTo(whole);
            assertThat(whole.mAP()).as(metric.cliName()).isBetween(0.05, 0.95);
        }
    }

    @Test
    void vocNeedsTheImagesInProcessingOrderForScoreTiesCocoSortsThemById() {
        ObjectAnnotation car1 = gt(CAR, 0, 0, 10, 10);
        ObjectAnnotation car2 = gt(CAR, 0, 0, 10, 10);
        DetectionSample one = image(1, car1);
        DetectionSample two = image(2, car2);
        // the same score: a hit on image 1 and a miss on image 2
        List<Detection> onOne = List.of(on(1, car1, 0.5));
        List<Detection> onTwo = List.of(det(2, CAR, 0.5, 50, 50, 60, 60));
        VocEvaluator voc = new VocEvaluator(Fixtures.CLASSES, true);
        ImageMatch m1 = voc.match(one, onOne);
        ImageMatch m2 = voc.match(two, onTwo);
        voc.add(m1);
        voc.add(m2);
        double inOrder = voc.evaluate().mAP();
        voc.reset();
        voc.add(m2);
        voc.add(m1);
        assertThat(inOrder).isEqualTo(6 / 11.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(voc.evaluate().mAP()).isLessThan(inOrder);

        CocoEvaluator coco = new CocoEvaluator(Fixtures.CLASSES);
        coco.add(coco.match(one, onOne));
        coco.add(coco.match(two, onTwo));
        EvaluationResult forward = coco.evaluate();
        coco.reset();
        coco.add(coco.match(two, onTwo));
        coco.add(coco.match(one, onOne));
        assertThat(coco.evaluate()).isEqualTo(forward);
    }

    @Test
    void addRefusesAnotherKindAnotherClassCountOrAnImageTwice() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        ImageMatch coco = new CocoEvaluator(Fixtures.CLASSES).match(image(1, car), List.of());
        VocEvaluator voc = new VocEvaluator(Fixtures.CLASSES, false);
        assertThatThrownBy(() -> voc.add(coco)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a VOC matching");
        ImageMatch twoClasses = new VocEvaluator(List.of("car", "person"), false).match(image(1, car), List.of());
        assertThatThrownBy(() -> voc.add(twoClasses)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 classes");
        voc.add(voc.match(image(1, car), List.of()));
        assertThatThrownBy(() -> voc.add(voc.match(image(1, car), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already processed");
        assertThatThrownBy(() -> voc.match(image(2, car), List.of(on(1, car, 0.3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given with image 2");
    }

    /** Images with 0-4 boxes of two classes, one in eight an ignored one. */
    private static DetectionDataset randomScene(Random random, int images) {
        List<DetectionSample> samples = new ArrayList<>();
        for (int i = 1; i <= images; i++) {
            List<ObjectAnnotation> objects = new ArrayList<>();
            int n = random.nextInt(5);
            for (int k = 0; k < n; k++) {
                double x = random.nextInt(150);
                double y = random.nextInt(70);
                double w = 8 + random.nextInt(40);
                double h = 8 + random.nextInt(25);
                int cls = random.nextBoolean() ? CAR : PERSON;
                objects.add(random.nextInt(8) == 0 ? ignored(cls, x, y, x + w, y + h) : gt(cls, x, y, x + w, y + h));
            }
            samples.add(image(i, objects.toArray(ObjectAnnotation[]::new)));
        }
        return new DetectionDataset("random", Fixtures.CLASSES, samples, true, SkipReport.empty());
    }

    /**
     * Per box a jittered detection (sometimes two: a duplicate), plus false alarms; scores on a
     * coarse grid so that ties across images are common.
     */
    private static List<Detection> randomDetections(Random random, DetectionDataset data) {
        List<Detection> out = new ArrayList<>();
        for (DetectionSample s : data.samples()) {
            for (ObjectAnnotation o : s.objects()) {
                int copies = random.nextInt(4) == 0 ? 2 : 1;
                for (int c = 0; c < copies; c++) {
                    double j = random.nextGaussian() * 3;
                    out.add(det(s.id(), o.classId(), score(random), o.box().x1() + j, o.box().y1() + j,
                            o.box().x2() + j, o.box().y2() - j));
                }
            }
            for (int k = random.nextInt(3); k > 0; k--) {
                double x = random.nextInt(150);
                double y = random.nextInt(70);
                out.add(det(s.id(), random.nextBoolean() ? CAR : PERSON, score(random), x, y, x + 20, y + 15));
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    private static double score(Random random) {
        return (1 + random.nextInt(10)) / 10.0;
    }

    private static ImageMatch roundTrip(ImageMatch m) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ImageMatch) in.readObject();
        }
    }
}
