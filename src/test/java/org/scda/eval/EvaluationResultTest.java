package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationResultTest {

    private static EvaluationResult sample(Metric metric, Map<String, Double> extra) {
        Map<String, Double> perClass = new LinkedHashMap<>();
        perClass.put("person", 0.5);
        perClass.put("car", 0.25);
        perClass.put("bike", null);
        return new EvaluationResult(metric, 0.375, perClass, extra);
    }

    @Test
    void jsonHasTheDocumentedShapeAndOrder() throws Exception {
        String json = sample(Metric.VOC07, Map.of()).toJson();
        assertThat(json).isEqualTo(
                "{\"metric\": \"voc07\", \"mAP\": 0.375, \"per_class\": {\"person\": 0.5, \"car\": 0.25, \"bike\": null}}");
        JsonNode node = new ObjectMapper().readTree(json);
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("metric", "mAP", "per_class");
        List<String> classes = new ArrayList<>();
        node.get("per_class").fieldNames().forEachRemaining(classes::add);
        assertThat(classes).containsExactly("person", "car", "bike");
        assertThat(node.get("per_class").get("bike").isNull()).isTrue();
    }

    @Test
    void extrasFollowAsScalarsAndGroups() throws Exception {
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("AP50", 0.75);
        extra.put("npos/person", 3.0);
        extra.put("npos/car", 2.0);
        String json = sample(Metric.COCO, extra).toJson();
        JsonNode node = new ObjectMapper().readTree(json);
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("metric", "mAP", "per_class", "AP50", "npos");
        assertThat(node.get("metric").asText()).isEqualTo("coco");
        assertThat(node.get("npos").get("car").asDouble()).isEqualTo(2.0);
    }

    @Test
    void tableStatesTheMetricAndMarksClassesWithoutGroundTruth() {
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("npos/person", 3.0);
        extra.put("ndet/person", 7.0);
        String table = sample(Metric.VOC07, extra).toTable();
        assertThat(table).startsWith("VOC07 11-point AP@0.5");
        assertThat(table).containsPattern("person\\s+50\\.00\\s+3\\s+7");
        assertThat(table).containsPattern("car\\s+25\\.00");
        assertThat(table).containsPattern("bike\\s+-");
        assertThat(table).containsPattern("mAP\\s+37\\.50\\s+\\(mean over 2 of 3 classes\\)");
        assertThat(table).contains("no ground truth").contains("bike");
        assertThat(sample(Metric.COCO, Map.of("AP50", 0.5)).toTable()).startsWith("COCO AP@[.50:.05:.95]")
                .containsPattern("AP50\\s+50\\.00");
    }

    @Test
    void rejectsValuesOutsideTheContract() {
        assertThatThrownBy(() -> new EvaluationResult(Metric.VOC, 1.5, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EvaluationResult(Metric.VOC, Double.NaN, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        Map<String, Double> clash = new LinkedHashMap<>();
        clash.put("npos", 1.0);
        clash.put("npos/car", 1.0);
        assertThatThrownBy(() -> new EvaluationResult(Metric.VOC, 0.5, Map.of(), clash))
                .hasMessageContaining("clashes");
        assertThatThrownBy(() -> sample(Metric.VOC, Map.of()).ap("truck")).hasMessageContaining("truck");
    }

    @Test
    void metricNamesRoundTrip() {
        for (Metric m : Metric.values()) {
            assertThat(Metric.fromCliName(m.cliName())).isEqualTo(m);
        }
        assertThat(Metric.fromCliName("VOC07")).isEqualTo(Metric.VOC07);
        assertThatThrownBy(() -> Metric.fromCliName("map")).hasMessageContaining("voc07, voc, coco");
    }
}
