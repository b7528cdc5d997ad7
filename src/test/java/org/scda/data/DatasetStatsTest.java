package org.scda.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetStatsTest {

    private static ObjectAnnotation box(double w, double h, int cls, boolean ignore) {
        return new ObjectAnnotation(new BoundingBox(0, 0, w, h), cls, ignore);
    }

    @Test
    void countsClassesSizesAndHeights() {
        DetectionSample a = new DetectionSample(1, Path.of("a.png"), 640, 480, List.of(
                box(10, 10, 0, false),     // small, height bin 8-16
                box(40, 40, 0, false),     // medium (1600), bin 32-64
                box(100, 100, 1, false),   // large, bin 64-128
                box(600, 5, 1, true)));    // ignore: not in buckets
        DetectionSample b = new DetectionSample(2, Path.of("b.png"), 320, 200, List.of(box(31, 33, 0, false)));
        SkipReport skips = new SkipReport.Builder().add("zero-area box dropped", "x.json: annotation 3").build();
        DetectionDataset ds = new DetectionDataset("d", List.of("car", "person"), List.of(a, b), true, skips);

        DatasetStats stats = DatasetStats.of(ds);
        assertThat(stats.images()).isEqualTo(2);
        assertThat(stats.classes()).containsExactly(
                new DatasetStats.ClassCount("car", 3, 0, 2),
                new DatasetStats.ClassCount("person", 1, 1, 1));
        assertThat(stats.sizeBuckets()).containsExactly(2, 1, 1);
        assertThat(stats.heightBins()).containsExactly(0, 1, 0, 2, 1, 0, 0, 0);
        assertThat(stats.minWidth()).isEqualTo(320);
        assertThat(stats.maxHeight()).isEqualTo(480);

        String text = String.join("\n", stats.describe());
        assertThat(text).contains("images: 2 (labelled), sizes 320x200 .. 640x480")
                .contains("small 2 (50.0%), medium 1 (25.0%), large 1 (25.0%)")
                .contains("1 x zero-area box dropped")
                .contains("x.json: annotation 3")
                .containsPattern("32-64 +2 #{40}")
                .containsPattern("8-16 +1 #{20}\\n");
    }

    @Test
    void heightBinEdges() {
        assertThat(DatasetStats.heightBin(0)).isZero();
        assertThat(DatasetStats.heightBin(7.9)).isZero();
        assertThat(DatasetStats.heightBin(8)).isEqualTo(1);
        assertThat(DatasetStats.heightBin(511)).isEqualTo(6);
        assertThat(DatasetStats.heightBin(5000)).isEqualTo(7);
    }

    @Test
    void unlabelledDatasetHasNoClassTable() {
        DetectionDataset ds = new DetectionDataset("u", List.of(), List.of(DetectionSample.unlabelled(1, Path.of("a.png"), 5, 5)),
                false, SkipReport.empty());
        List<String> lines = DatasetStats.of(ds).describe();
        assertThat(lines).contains("images: 1 (unlabelled), sizes 5x5 .. 5x5", "skipped: nothing");
        assertThat(String.join("\n", lines)).doesNotContain("box sizes");
    }
}
