package org.scda.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCheckTest {
    @TempDir
    Path dir;

    private DetectionDataset dataset() {
        Path good = TestImages.write(dir.resolve("good.png"), 256, 128);
        Path cut = TestImages.truncate(TestImages.write(dir.resolve("cut.png"), 256, 128));
        Path bomb = TestImages.writePngHeader(dir.resolve("bomb.png"), 20000, 20000, 2);
        Path gone = dir.resolve("gone.png");
        SkipReport fromReader = new SkipReport.Builder().add("zero-area box dropped", "ann.json: annotation 9").build();
        return new DetectionDataset("mine", List.of("car"), List.of(
                DetectionSample.unlabelled(1, good, 256, 128), DetectionSample.unlabelled(2, cut, 256, 128),
                DetectionSample.unlabelled(3, bomb, 20000, 20000), DetectionSample.unlabelled(4, gone, 256, 128)),
                true, fromReader);
    }

    @Test
    void decodingFindsTruncatedOversizedAndMissingImagesAndLeavesThemOut() {
        ImageCheck.Result r = ImageCheck.check(dataset(), ImageCheck.Depth.DECODE, false);
        assertThat(r.opened()).isEqualTo(4);
        assertThat(r.usable().samples()).extracting(DetectionSample::id).containsExactly(1L);
        assertThat(r.problems().counts()).containsEntry(ImageFiles.UNREADABLE, 2).containsEntry(ImageCheck.MISSING, 1);
        assertThat(r.problems().examples().get(ImageFiles.UNREADABLE)).satisfiesExactly(
                cut -> assertThat(cut).startsWith("image 2: ").contains("cut.png"),
                bomb -> assertThat(bomb).startsWith("image 3: ").contains("over the limit"));
        // the reader's own skips stay in the dataset's report, next to these
        assertThat(r.usable().skipped().counts()).containsEntry("zero-area box dropped", 1)
                .containsEntry(ImageCheck.MISSING, 1);
    }

    @Test
    void theHeaderAloneMissesTheTruncationAndNoneOpensNothing() {
        ImageCheck.Result header = ImageCheck.check(dataset(), ImageCheck.Depth.HEADER, false);
        assertThat(header.usable().samples()).extracting(DetectionSample::id).containsExactly(1L, 2L);
        ImageCheck.Result none = ImageCheck.check(dataset(), ImageCheck.Depth.NONE, false);
        assertThat(none.opened()).isZero();
        assertThat(none.usable().size()).isEqualTo(4);
    }

    @Test
    void strictStopsAtTheFirstBrokenImage() {
        assertThatThrownBy(() -> ImageCheck.check(dataset(), ImageCheck.Depth.DECODE, true))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("cut.png");
        assertThatThrownBy(() -> ImageCheck.Depth.parse("full")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none, header or decode");
    }
}
