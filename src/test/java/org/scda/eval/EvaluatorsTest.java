package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scda.eval.Fixtures.CAR;
import static org.scda.eval.Fixtures.dataset;
import static org.scda.eval.Fixtures.gt;
import static org.scda.eval.Fixtures.ignored;
import static org.scda.eval.Fixtures.image;
import static org.scda.eval.Fixtures.on;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.DataFormatException;
import org.scda.data.DetectionDataset;
import org.scda.data.ObjectAnnotation;
import org.scda.util.ScdaException;

class EvaluatorsTest {
    @TempDir
    Path dir;

    @Test
    void createsTheEvaluatorOfEachMetric() {
        ObjectAnnotation car = gt(CAR, 0, 0, 10, 10);
        for (Metric m : Metric.values()) {
            DatasetEvaluator ev = Evaluators.create(m, Fixtures.CLASSES);
            ev.process(image(1, car), List.of(on(1, car, 0.5)));
            assertThat(ev.evaluate().metric()).isEqualTo(m);
        }
        assertThat(Evaluators.create(Metric.COCO, Fixtures.CLASSES)).isInstanceOf(CocoEvaluator.class);
    }

    @Test
    void refusesUnlabelledGroundTruthAndGroundTruthWithNothingToFind() {
        DetectionDataset labelled = dataset(image(1, gt(CAR, 0, 0, 10, 10)));
        assertThatThrownBy(() -> Evaluators.evaluate(labelled.withoutLabels(), List.of(), Metric.VOC07))
                .isInstanceOf(ScdaException.class).hasMessageContaining("no labels");
        DetectionDataset onlyIgnored = dataset(image(1, ignored(CAR, 0, 0, 10, 10)));
        assertThatThrownBy(() -> Evaluators.evaluate(onlyIgnored, List.of(), Metric.COCO))
                .isInstanceOf(ScdaException.class).hasMessageContaining("nothing to evaluate");
    }

    @Test
    void categoryIdsFollowTheGroundTruth() throws Exception {
        Path gtFile = dir.resolve("gt.json");
        Files.writeString(gtFile, "{\"images\": [], \"categories\": [{\"id\": 9, \"name\": \"b\"}, {\"id\": 2, \"name\": \"a\"}]}");
        assertThat(CocoResults.categoryIds(gtFile)).containsExactly(2L, 9L);
        Path dets = dir.resolve("dets.json");
        Files.writeString(dets, "[{\"image_id\": 1, \"category_id\": 9, \"bbox\": [0,0,1,1], \"score\": 0.5},"
                + " {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,1,1], \"score\": 0.5}]");
        assertThatThrownBy(() -> CocoResults.read(dets, List.of(2L, 9L))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("entry 1").hasMessageContaining("unknown category_id 1");
        Files.writeString(dets, "[{\"image_id\": 1, \"category_id\": 9, \"bbox\": [0,0,1,1], \"score\": 0.5}]");
        assertThat(CocoResults.read(dets, List.of(2L, 9L)).get(0).classId()).isEqualTo(1);
    }
}
