package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.DetectionDataset;
import org.scda.data.coco.CocoReader;

class SynthBenchmarkTest {
    private static final SynthBenchmark.Counts TINY = new SynthBenchmark.Counts(4, 2, 3, 2);
    /** Split number of target/val in {@link SynthBenchmark#imageSeed}. */
    private static final int TARGET_VAL = SynthBenchmark.SPLITS.indexOf("target/val") + 1;

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

    @Test
    void sameSeedAndStrengthGiveIdenticalFilesAndBenchmarkJsonRecordsThem() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        SynthBenchmark.generate(SynthPair.parse("foggy@0.3"), a, 11, 96, 64, TINY, 1);
        SynthBenchmark.generate(SynthPair.parse("foggy@0.3"), b, 11, 96, 64, TINY, 2);
        SynthBenchmark.generate(SynthPair.parse("foggy@0.6"), c, 11, 96, 64, TINY, 2);
        List<Path> files = files(a);
        assertThat(files).contains(Path.of("benchmark.json")).hasSizeGreaterThan(15).isEqualTo(files(b));
        for (Path f : files) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f.toString()).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
        assertThat(Files.readAllBytes(c.resolve("source/val/000000.png"))).as("the source does not depend on the strength")
                .isEqualTo(Files.readAllBytes(a.resolve("source/val/000000.png")));
        assertThat(Files.readAllBytes(c.resolve("target/val/000000.png")))
                .isNotEqualTo(Files.readAllBytes(a.resolve("target/val/000000.png")));

        JsonNode provenance = new ObjectMapper().readTree(a.resolve("benchmark.json").toFile());
        assertThat(provenance.path("scenario").asText()).isEqualTo("foggy");
        assertThat(provenance.path("strength").asDouble()).isEqualTo(0.3);
        assertThat(provenance.path("shift_parameters").path("fog_beta").asDouble()).isEqualTo(0.03);
        assertThat(provenance.path("shift_parameters").path("fog_beta_jitter").asDouble()).isEqualTo(0.075);
        assertThat(provenance.path("target_style").path("fog").path("beta").asDouble()).isEqualTo(0.03);
        assertThat(Files.readString(a.resolve("README.txt"))).startsWith("scda synthetic benchmark 'foggy@0.3'");
        assertThat(Files.readString(a.resolve("target/val.json"))).contains("synth:foggy@0.3/target/val");
    }

    @Test
    void strengthZeroRendersTheTargetInTheSourceStyle() throws IOException {
        Path dir = tmp.resolve("zero");
        SynthBenchmark.generate(SynthPair.parse("sim2real@0"), dir, 5, 96, 64, TINY, 2);
        for (int i = 0; i < TINY.targetVal(); i++) {
            BufferedImage expected = StreetSceneRenderer.render(Scenario.SIM2REAL.source(96, 64),
                    new SplittableRandom(SynthBenchmark.imageSeed(5, TARGET_VAL, i))).image();
            BufferedImage written = ImageIO.read(dir.resolve(String.format("target/val/%06d.png", i)).toFile());
            assertThat(pixels(written)).as("image %d", i).isEqualTo(pixels(expected));
        }
        Path today = tmp.resolve("one");
        SynthBenchmark.generate(Scenario.SIM2REAL, today, 5, 96, 64, TINY, 2);
        assertThat(pixels(ImageIO.read(today.resolve("target/val/000000.png").toFile())))
                .isNotEqualTo(pixels(ImageIO.read(dir.resolve("target/val/000000.png").toFile())));
    }

    @Test
    void theCameraTargetSizeFollowsTheStrength() throws IOException {
        Path dir = tmp.resolve("camera");
        SynthBenchmark.generate(SynthPair.parse("camera@0.5"), dir, 5, 256, 128, new SynthBenchmark.Counts(1, 1, 1, 1), 2);
        BufferedImage target = ImageIO.read(dir.resolve("target/val/000000.png").toFile());
        assertThat(List.of(target.getWidth(), target.getHeight())).containsExactly(240, 144);
        assertThat(Files.readString(dir.resolve("benchmark.json"))).contains("\"target_size\" : \"240x144\"");
    }

    @Test
    void foggyTargetBrightensAndLosesContrastAsTheStrengthGrows() throws IOException {
        SynthBenchmark.Counts counts = new SynthBenchmark.Counts(1, 1, 1, 8);
        double[] strengths = {0, 0.5, 1, 2};
        double[] brightness = new double[strengths.length];
        double[] contrast = new double[strengths.length];
        double[] lowContrast = new double[strengths.length];
        for (int i = 0; i < strengths.length; i++) {
            Path dir = tmp.resolve("fog" + i);
            SynthBenchmark.generate(new SynthPair(Scenario.FOGGY, strengths[i]), dir, 9, 128, 64, counts, 2);
            JsonNode val = new ObjectMapper().readTree(dir.resolve("benchmark.json").toFile()).path("splits").path("target/val");
            brightness[i] = val.path("mean_brightness").asDouble();
            contrast[i] = val.path("mean_rms_contrast").asDouble();
            lowContrast[i] = val.path("low_contrast_object_fraction").asDouble();
        }
        assertThat(brightness).isSorted().doesNotHaveDuplicates();
        assertThat(contrast[0]).isGreaterThan(contrast[1]);
        assertThat(contrast[1]).isGreaterThan(contrast[2]);
        assertThat(contrast[2]).isGreaterThan(contrast[3]);
        assertThat(lowContrast).isSorted();
        assertThat(lowContrast[3]).isGreaterThan(lowContrast[0]);
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
