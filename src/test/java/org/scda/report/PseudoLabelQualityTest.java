package org.scda.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.SkipReport;
import org.scda.eval.VocEvaluator;

/** Pseudo-label quality: only detections at or above the threshold count, matched as AP@0.5 matches. */
class PseudoLabelQualityTest {

    @Test
    void onlyDetectionsAtOrAboveTheThresholdArePseudoLabels() {
        BoundingBox car = new BoundingBox(0, 0, 10, 10);
        BoundingBox person = new BoundingBox(20, 0, 30, 20);
        DetectionDataset data = new DetectionDataset("t", List.of("car", "person"), List.of(
                new DetectionSample(1, Path.of("a.png"), 64, 32, List.of(new ObjectAnnotation(car, 0, false),
                        new ObjectAnnotation(person, 1, false))),
                new DetectionSample(2, Path.of("b.png"), 64, 32, List.of())), true, SkipReport.empty());
        List<Detection> detections = List.of(new Detection(1, 0, car, 0.95), new Detection(1, 1, person, 0.5),
                new Detection(2, 0, new BoundingBox(40, 0, 50, 10), 0.85));

        PseudoLabelQuality.Quality q = PseudoLabelQuality.of(data, detections, 0.8);

        assertThat(q.counts()).isEqualTo(new VocEvaluator.MatchCounts(2, 1, 1));
        assertThat(q.perImage()).isEqualTo(1.0);
        assertThat(PseudoLabelQuality.of(data, detections, 0.4).counts())
                .isEqualTo(new VocEvaluator.MatchCounts(2, 2, 1));
    }
}
