package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scda.engine.Hooks;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Metric;

/** The evaluations an adaptation checkpoint records read back as they were written. */
class AdaptationStateTest {

    @Test
    void evaluationResultJsonReadsBackEqual() throws Exception {
        Map<String, Double> perClass = new LinkedHashMap<>();
        perClass.put("car", 0.123456789012345);
        perClass.put("person", null);
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("AP50", 0.7);
        extra.put("npos/car", 12.0);
        extra.put("npos/person", 0.0);
        extra.put("ndet/car", 30.0);
        EvaluationResult written = new EvaluationResult(Metric.COCO, 0.4321, perClass, extra);

        EvaluationResult read = EvaluationResult.fromJson(new ObjectMapper().readTree(written.toJson()));

        assertThat(read).isEqualTo(written);
        assertThat(read.ap("person")).isNull();
        assertThat(read.extra()).containsEntry("npos/person", 0.0).containsEntry("AP50", 0.7);
    }

    /** A resumed Mask R-CNN run keeps the mask AP of its best and last evaluations. */
    @Test
    void evaluationWithMasksReadsBackEqual() {
        EvaluationResult box = new EvaluationResult(Metric.VOC07, 0.5, Map.of("car", 0.5), Map.of());
        EvaluationResult mask = new EvaluationResult(Metric.VOC07, 0.25, Map.of("car", 0.25), Map.of());
        Hooks.Evaluation withMasks = new Hooks.Evaluation(250, box, null, mask, mask);
        Hooks.Evaluation read = Hooks.Evaluation.fromJson(withMasks.toJson());
        assertThat(read).isEqualTo(withMasks);
        assertThat(read.targetVal()).isNull();
        assertThat(Hooks.Evaluation.fromJson(new ObjectMapper().nullNode())).isNull();
    }
}
