package org.scda.data.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.TestImages;
import org.scda.util.ScdaException;

class ImageFolderReaderTest {

    @TempDir
    Path tmp;

    @Test
    void listsImagesByNameUnlabelledWithHeaderSizes() {
        Path dir = TestImages.fixture("images");
        DetectionDataset ds = ImageFolderReader.read(dir);
        assertThat(ds.labelled()).isFalse();
        assertThat(ds.samples()).extracting(DetectionSample::image)
                .containsExactly(dir.resolve("a.PNG"), dir.resolve("b.png"));
        assertThat(ds.samples()).extracting(DetectionSample::width).containsExactly(5, 12);
        assertThat(ds.samples()).extracting(DetectionSample::height).containsExactly(9, 7);
        assertThat(ds.samples()).extracting(DetectionSample::id).containsExactly(1L, 2L);
        assertThat(ds.skipped().isEmpty()).isTrue();
    }

    @Test
    void corruptImageIsACountedSkipWithItsName() throws IOException {
        TestImages.write(tmp.resolve("good.jpg"), 20, 10);
        Files.write(tmp.resolve("broken.jpeg"), new byte[] {1, 2, 3, 4});
        Files.writeString(tmp.resolve("notes.txt"), "not an image");
        DetectionDataset ds = ImageFolderReader.read(tmp);
        assertThat(ds.size()).isEqualTo(1);
        assertThat(ds.samples().get(0).width()).isEqualTo(20);
        assertThat(ds.skipped().counts()).containsExactly(java.util.Map.entry(ImageFolderReader.UNREADABLE, 1));
        assertThat(ds.skipped().examples().get(ImageFolderReader.UNREADABLE).get(0)).startsWith("broken.jpeg");
    }

    @Test
    void missingFolderIsAClearError() {
        assertThatThrownBy(() -> ImageFolderReader.read(tmp.resolve("nope")))
                .isInstanceOf(ScdaException.class).hasMessageContaining("nope");
    }
}
