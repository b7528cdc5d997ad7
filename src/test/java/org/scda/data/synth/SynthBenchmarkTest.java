package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.DetectionDataset;
import org.scda.data.coco.CocoReader;

class SynthBenchmarkTest {
    private static final SynthBenchmark.Counts TINY = new SynthBenchmark.Counts(4, 2, 3, 2);

    @TempDir
    Path tmp;

    @Test
    void writesTheAgreedLayout() throws IOException {
        Path dir = tmp.resolve("foggy");
        SynthBenchmark.Result r = SynthBenchmark.generate(Scenario.FOGGY, dir, 5, 128, 64, TINY, 2);
        assertThat(r.images()).containsEntry("source/train", 4).containsEntry("target/val", 2);

        DetectionDataset source = CocoReader.read(dir.resolve("source/train.json"), null);
        assertThat(source.labelled()).isTrue();
        assertThat(source.size()).isEqualTo(4);
        assertThat(source.classNames()).isEqualTo(SynthClasses.NAMES);
        assertThat(source.samples().get(0).image()).exists();
        assertThat(source.samples().get(0).image().getParent().getFileName().toString()).isEqualTo("train");

        DetectionDataset target = CocoReader.read(dir.resolve("target/train.json"), null);
        assertThat(target.labelled()).isFalse();
        assertThat(target.samples()).allMatch(s -> s.objects().isEmpty());
        assertThat(Files.readString(dir.resolve("target/train.json"))).doesNotContain("\"annotations\"");

        DetectionDataset oracle = CocoReader.read(dir.resolve("target_oracle/train.json"), null);
        assertThat(oracle.labelled()).isTrue();
        assertThat(oracle.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            Path o = oracle.samples().get(i).image();
            assertThat(o).exists();
            assertThat(o.toAbsolutePath().normalize()).isEqualTo(target.samples().get(i).image().toAbsolutePath().normalize());
        }
        assertThat(oracle.samples().stream().mapToInt(s -> s.objects().size()).sum()).isPositive();
        assertThat(CocoReader.read(dir.resolve("target/val.json"), null).labelled()).isTrue();
        assertThat(dir.resolve("benchmark.json")).content().contains("\"generator_version\"", "\"foggy\"", "mean_rms_contrast");
        assertThat(dir.resolve("README.txt")).exists();
    }

    @Test
    void sameSeedGivesIdenticalFilesWhateverTheThreadCount() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        SynthBenchmark.generate(Scenario.SIM2REAL, a, 11, 96, 64, TINY, 1);
        SynthBenchmark.generate(Scenario.SIM2REAL, b, 11, 96, 64, TINY, 2);
        SynthBenchmark.generate(Scenario.SIM2REAL, c, 12, 96, 64, TINY, 2);
        List<Path> files = files(a);
        assertThat(files).hasSizeGreaterThan(15).isEqualTo(files(b));
        for (Path f : files) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f.toString()).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
        assertThat(Files.readAllBytes(c.resolve("source/train/000000.png")))
                .isNotEqualTo(Files.readAllBytes(a.resolve("source/train/000000.png")));
        assertThat(Files.readString(c.resolve("source/train.json"))).isNotEqualTo(Files.readString(a.resolve("source/train.json")));
    }

    @Test
    void splitsDrawDifferentImages() throws IOException {
        Path dir = tmp.resolve("s");
        SynthBenchmark.generate(Scenario.FOGGY, dir, 3, 96, 64, TINY, 2);
        assertThat(Files.readAllBytes(dir.resolve("source/train/000000.png")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("source/val/000000.png")));
        assertThat(SynthBenchmark.imageSeed(3, 1, 0)).isNotEqualTo(SynthBenchmark.imageSeed(3, 2, 0));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
