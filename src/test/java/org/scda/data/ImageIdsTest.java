package org.scda.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageIdsTest {
    private static final Path GT_FILE = Path.of("val.json");

    private static DetectionDataset groundTruth(Object... idsAndNames) {
        List<DetectionSample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < idsAndNames.length; i += 2) {
            samples.add(DetectionSample.unlabelled((Long) idsAndNames[i], Path.of("/data/val").resolve((String) idsAndNames[i + 1]),
                    256, 128));
        }
        return new DetectionDataset("gt", List.of("car"), samples, true, SkipReport.empty());
    }

    @Test
    void sequentialIdsFollowTheGivenOrder() {
        ImageIds.Assignment a = ImageIds.sequential(List.of(Path.of("b.png"), Path.of("a.png")));
        assertThat(a.images()).containsExactly(new ImageIds.Numbered(1, Path.of("b.png")), new ImageIds.Numbered(2, Path.of("a.png")));
        assertThat(a.skipped().isEmpty()).isTrue();
    }

    @Test
    void groundTruthIdsAreMatchedByFileNameAndTheRestCounted() {
        // the ground truth lists the images in another order, under ids that are not 1, 2, ...
        DetectionDataset gt = groundTruth(17L, "b.png", 4L, "sub/a.png", 9L, "c.png");
        List<Path> files = List.of(Path.of("/imgs/a.png"), Path.of("/imgs/b.png"), Path.of("/imgs/extra.png"));
        ImageIds.Assignment a = ImageIds.byFileName(files, gt, GT_FILE);
        assertThat(a.images()).containsExactly(new ImageIds.Numbered(4, files.get(0)), new ImageIds.Numbered(17, files.get(1)));
        assertThat(a.skipped().counts()).containsExactly(java.util.Map.entry(ImageIds.NOT_IN_GROUND_TRUTH, 1));
        assertThat(a.skipped().examples().get(ImageIds.NOT_IN_GROUND_TRUTH)).containsExactly("/imgs/extra.png");
        assertThat(a.groundTruthUnmatched()).containsExactly(Path.of("/data/val/c.png"));
    }

    @Test
    void aNameTwoGroundTruthImagesShareCannotBeMatched() {
        DetectionDataset gt = groundTruth(1L, "x/a.png", 2L, "y/a.png");
        assertThatThrownBy(() -> ImageIds.byFileName(List.of(Path.of("a.png")), gt, GT_FILE))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("val.json: images [1, 2] are all named a.png");
    }
}
