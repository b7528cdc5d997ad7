package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.SkipReport;

/**
 * Compares the evaluators with golden values from numpy transcriptions of py-faster-rcnn's
 * {@code voc_eval} and pycocotools' {@code COCOeval} on a random scenario (40 images, 75 small boxes
 * some difficult, 127 detections with jitter, duplicates, wrong classes and background; a class
 * with only difficult boxes and a class without ground truth). The input holds VOC XML numbers
 * (1-based inclusive pixels), converted here the way scda's VOC reader converts them:
 * {@code (xmin - 1, ymin - 1, xmax, ymax)}. Regenerate with
 * {@code /usr/bin/python3 src/test/resources/org/scda/eval/reference_eval.py 2019
 * golden_input.json golden_output.json} in that folder.
 */
class GoldenEvaluationTest {
    private static final double TOL = 1e-9;
    private static DetectionDataset groundTruth;
    private static List<Detection> detections;
    private static JsonNode golden;

    @BeforeAll
    static void load() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode input;
        try (InputStream in = GoldenEvaluationTest.class.getResourceAsStream("golden_input.json")) {
            input = json.readTree(in);
        }
        try (InputStream in = GoldenEvaluationTest.class.getResourceAsStream("golden_output.json")) {
            golden = json.readTree(in);
        }
        List<String> classes = new ArrayList<>();
        input.get("classes").forEach(c -> classes.add(c.asText()));
        List<DetectionSample> samples = new ArrayList<>();
        for (JsonNode img : input.get("images")) {
            List<ObjectAnnotation> objects = new ArrayList<>();
            for (JsonNode o : img.get("objects")) {
                objects.add(new ObjectAnnotation(fromVocXml(o.get("box")), o.get("cls").asInt(), o.get("difficult").asBoolean()));
            }
            samples.add(new DetectionSample(img.get("id").asLong(), Path.of(img.get("id") + ".png"),
                    img.get("width").asInt(), img.get("height").asInt(), objects));
        }
        groundTruth = new DetectionDataset("golden", classes, samples, true, SkipReport.empty());
        detections = new ArrayList<>();
        for (JsonNode d : input.get("detections")) {
            detections.add(new Detection(d.get("image").asLong(), d.get("cls").asInt(), fromVocXml(d.get("box")),
                    d.get("score").asDouble()));
        }
        assertThat(detections).hasSize(127);
    }

    private static BoundingBox fromVocXml(JsonNode box) {
        return new BoundingBox(box.get(0).asDouble() - 1, box.get(1).asDouble() - 1, box.get(2).asDouble(), box.get(3).asDouble());
    }

    private static void assertMatches(EvaluationResult result, JsonNode expected, String meanKey) {
        assertThat(result.mAP()).isCloseTo(expected.get(meanKey).asDouble(), within(TOL));
        List<Double> perClass = new ArrayList<>(result.perClass().values());
        for (int c = 0; c < perClass.size(); c++) {
            JsonNode e = expected.get("per_class").get(c);
            if (e.isNull()) {
                assertThat(perClass.get(c)).as("class %d", c).isNull();
            } else {
                assertThat(perClass.get(c)).as("class %d", c).isCloseTo(e.asDouble(), within(TOL));
            }
        }
    }

    @Test
    void voc07MatchesVocEval() {
        assertMatches(Evaluators.evaluate(groundTruth, detections, Metric.VOC07), golden.get("voc07"), "mAP");
    }

    @Test
    void vocAllPointMatchesVocEval() {
        assertMatches(Evaluators.evaluate(groundTruth, detections, Metric.VOC), golden.get("voc"), "mAP");
    }

    @Test
    void cocoMatchesCocoEval() {
        EvaluationResult r = Evaluators.evaluate(groundTruth, detections, Metric.COCO);
        assertMatches(r, golden.get("coco"), "AP");
        assertThat(r.extra().get("AP50")).isCloseTo(golden.get("coco").get("AP50").asDouble(), within(TOL));
        assertThat(r.extra().get("AP75")).isCloseTo(golden.get("coco").get("AP75").asDouble(), within(TOL));
    }

    /* The golden scenario is not trivial: the metrics disagree, so each is really being checked. */
    @Test
    void scenarioSeparatesTheMetrics() {
        double voc07 = golden.get("voc07").get("mAP").asDouble();
        double voc = golden.get("voc").get("mAP").asDouble();
        double coco = golden.get("coco").get("AP").asDouble();
        assertThat(Math.abs(voc07 - voc)).isGreaterThan(1e-3);
        assertThat(coco).isLessThan(voc);
    }
}
