package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.SkipReport;

class ImageIdCheckTest {
    private static final Path GT = Path.of("val.json");
    private static final Path DETS = Path.of("dets.json");
    private static final DetectionDataset GROUND_TRUTH = new DetectionDataset("gt", List.of("car"), List.of(
            DetectionSample.unlabelled(1, Path.of("/val/b.png"), 64, 64),
            DetectionSample.unlabelled(2, Path.of("/val/a.png"), 64, 64)), true, SkipReport.empty());

    private static Detection on(long imageId) {
        return new Detection(imageId, 0, new BoundingBox(1, 1, 9, 9), 0.9);
    }

    @Test
    void idsAndNamesThatAgreeGiveNoWarning() {
        assertThat(ImageIdCheck.warnings(GROUND_TRUTH, GT, List.of(on(1), on(2)), List.of("b.png", "/x/a.png"), DETS))
                .isEmpty();
        assertThat(ImageIdCheck.warnings(GROUND_TRUTH, GT, List.of(on(1), on(2)), null, DETS)).isEmpty();
    }

    @Test
    void namesThatDisagreeWithTheGroundTruthsIdsAreOneLine() {
        // numbered in file-name order: a.png got id 1, b.png id 2; the ground truth has them the other way round
        List<String> warnings = ImageIdCheck.warnings(GROUND_TRUTH, GT, List.of(on(1), on(1), on(2)),
                List.of("a.png", "a.png", "b.png"), DETS);
        assertThat(warnings).singleElement().asString()
                .startsWith("3 of 3 detections in dets.json were made on other images than their ids have in val.json")
                .contains("image id 1 is a.png in the detections but b.png in the ground truth")
                .contains("scda detect --gt val.json")
                .doesNotContain("\n");
    }

    @Test
    void idsTheGroundTruthLacksAreCountedApart() {
        List<String> warnings = ImageIdCheck.warnings(GROUND_TRUTH, GT, List.of(on(1), on(42), on(43)),
                Arrays.asList(null, "q.png", "r.png"), DETS);
        assertThat(warnings).singleElement().asString()
                .isEqualTo("2 of 3 detections in dets.json name image ids that are not in val.json (e.g. 42, 43);"
                        + " they were not evaluated");
    }
}
