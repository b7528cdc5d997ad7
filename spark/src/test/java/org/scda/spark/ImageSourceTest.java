package org.scda.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.ImageIds;
import org.scda.data.SkipReport;
import org.scda.util.ScdaException;

class ImageSourceTest {
    @TempDir
    Path dir;

    @Test
    void tellsFoldersImagesListsAndTablesApart() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.writeString(images.resolve("b.png"), "x");
        Files.writeString(images.resolve("a.JPG"), "x");
        Files.writeString(images.resolve("notes.txt"), "x");
        Path parquetDir = Files.createDirectories(dir.resolve("table"));
        Files.writeString(parquetDir.resolve("part-00000.snappy.parquet"), "x");
        Path list = Files.writeString(dir.resolve("list.txt"), "# a comment\n\n images/b.png \n/abs/c.png\n");
        Path csv = Files.writeString(dir.resolve("t.csv"), "path\n");

        assertThat(ImageSource.of(images, null).kind()).isEqualTo(ImageSource.Kind.FOLDER);
        assertThat(ImageSource.of(images, null).listFiles()).containsExactly(images.resolve("a.JPG"), images.resolve("b.png"));
        assertThat(ImageSource.of(images.resolve("b.png"), null).kind()).isEqualTo(ImageSource.Kind.IMAGE);
        assertThat(ImageSource.of(parquetDir, null)).isEqualTo(new ImageSource(ImageSource.Kind.PARQUET, parquetDir, "path"));
        assertThat(ImageSource.of(csv, "file")).isEqualTo(new ImageSource(ImageSource.Kind.CSV, csv, "file"));
        ImageSource fromList = ImageSource.of(list, null);
        assertThat(fromList.kind()).isEqualTo(ImageSource.Kind.LIST);
        assertThat(fromList.listFiles()).containsExactly(dir.toAbsolutePath().resolve("images/b.png"), Path.of("/abs/c.png"));

        assertThatThrownBy(() -> ImageSource.of(list, "path")).isInstanceOf(ScdaException.class)
                .hasMessageContaining("--column").hasMessageContaining("not a Parquet or CSV table");
        assertThatThrownBy(() -> ImageSource.of(dir.resolve("nope"), null)).isInstanceOf(ScdaException.class)
                .hasMessageContaining("no such file or folder");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> ImageSource.of(empty, null).listFiles()).isInstanceOf(ScdaException.class)
                .hasMessageContaining("holds no images");
    }

    @Test
    void pathsAreSortedOnceAndRepeatsOrSameNamedFilesAreCountedSkips() {
        SkipReport.Builder skips = new SkipReport.Builder();
        List<Path> sorted = SparkDetection.distinctSorted(
                List.of(Path.of("/d/b.png"), Path.of("/d/a.png"), Path.of("/d/./b.png")), skips);
        assertThat(sorted).containsExactly(Path.of("/d/a.png"), Path.of("/d/b.png"));
        assertThat(skips.build().counts()).containsEntry(SparkDetection.DUPLICATE, 1);

        SkipReport.Builder idSkips = new SkipReport.Builder();
        List<ImageIds.Numbered> once = SparkDetection.oncePerId(List.of(new ImageIds.Numbered(7, Path.of("/a/x.png")),
                new ImageIds.Numbered(7, Path.of("/b/x.png")), new ImageIds.Numbered(8, Path.of("/a/y.png"))), idSkips);
        assertThat(once).extracting(ImageIds.Numbered::file).containsExactly(Path.of("/a/x.png"), Path.of("/a/y.png"));
        assertThat(idSkips.build().examples().get(SparkDetection.SAME_ID)).containsExactly("/b/x.png");
    }

    @Test
    void partitionsDefaultToFourPerSlotAndNeverExceedTheImages() {
        JobSettings s = new JobSettings(Path.of("m"), new ImageSource(ImageSource.Kind.FOLDER, Path.of("i"), null),
                Path.of("o"), null, null, Architecture.ANY_FASTER_RCNN, 0, 1);
        assertThat(s.partitionsFor(1000, 2)).isEqualTo(8);
        assertThat(s.partitionsFor(3, 2)).isEqualTo(3);
        assertThat(s.partitionsFor(0, 2)).isEqualTo(1);
        assertThatThrownBy(() -> new JobSettings(Path.of("m"), s.images(), Path.of("o"), null,
                org.scda.eval.Metric.VOC07, Architecture.ANY_FASTER_RCNN, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--metric needs --gt");
    }
}
