package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.DetectionDataset;
import org.scda.data.TestImages;
import org.scda.data.coco.CocoReader;
import org.scda.data.voc.VocReader;

class DataCommandTest {

    @TempDir
    Path tmp;

    @Test
    void statsPrintsClassesSizesAndSkips() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(out, err, "data", "stats", "kitti:" + TestImages.fixture("kitti") + "?van=true");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("images: 2 (labelled), sizes 80x30 .. 100x40")
                .containsPattern("car +3 +1 +1")
                .contains("box sizes (COCO): small 3 (100.0%)")
                .contains("box heights (px):")
                .contains("x KITTI type not mapped to a class, dropped")
                .contains("x zero-area box dropped");
    }

    @Test
    void convertWritesCocoThatReadsBackTheSame() {
        Path json = tmp.resolve("out/sim.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path voc = TestImages.fixture("voc");
        // the fixture holds annotations only, no images
        int code = ScdaCommandTest.run(out, err, "data", "convert", "--from", "voc:" + voc + "?split=trainval", "--out", json.toString(),
                "--check-images", "none");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2 images, 3 classes, 3 boxes, 1 ignore regions")
                .contains("skipped while reading: 2");
        DetectionDataset original = VocReader.read(voc, "trainval");
        DetectionDataset back = CocoReader.read(json, json.getParent());
        assertThat(back.classNames()).isEqualTo(original.classNames());
        assertThat(back.samples()).isEqualTo(original.samples());
    }

    @Test
    void statsAndConvertOpenEveryImageAndCountTheBrokenOnes() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        TestImages.write(dir.resolve("a.png"), 256, 128);
        TestImages.truncate(TestImages.write(dir.resolve("b_cut.png"), 256, 128));
        TestImages.write(dir.resolve("d.png"), 256, 128);
        StringBuilder images = new StringBuilder();
        String[] names = {"a.png", "b_cut.png", "c_gone.png", "d.png"};
        for (int i = 0; i < names.length; i++) {
            images.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i + 1).append(", \"file_name\": \"")
                    .append(names[i]).append("\", \"width\": 256, \"height\": 128}");
        }
        Path json = Files.writeString(tmp.resolve("mine.json"), "{\"images\": [" + images + "], \"categories\": "
                + "[{\"id\": 1, \"name\": \"car\"}], \"annotations\": [{\"id\": 1, \"image_id\": 2, \"category_id\": 1,"
                + " \"bbox\": [10, 10, 20, 20]}, {\"id\": 2, \"image_id\": 4, \"category_id\": 1, \"bbox\": [1, 1, 9, 9]}]}");
        String spec = "coco:" + json + "?images=" + dir;

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ScdaCommandTest.run(out, err, "data", "stats", spec)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("images: 2 (labelled)")
                .containsPattern("car +1 +0 +1")
                .contains("1 x unreadable image skipped").contains("b_cut.png")
                .contains("1 x image file missing, skipped").contains("c_gone.png")
                .contains("image files: 4 opened (decoded), 2 missing or unreadable");
        // the header alone does not show the truncation
        out.getBuffer().setLength(0);
        assertThat(ScdaCommandTest.run(out, err, "data", "stats", spec, "--check-images", "header")).isZero();
        assertThat(out.toString()).contains("images: 3 (labelled)").doesNotContain("b_cut.png");

        Path converted = tmp.resolve("out/mine.json");
        out.getBuffer().setLength(0);
        assertThat(ScdaCommandTest.run(out, err, "data", "convert", "--from", spec, "--out", converted.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("2 images").contains("b_cut.png").contains("c_gone.png");
        assertThat(CocoReader.read(converted, dir).samples()).extracting(s -> s.image().getFileName().toString())
                .containsExactly("a.png", "d.png");

        StringWriter strictErr = new StringWriter();
        assertThat(ScdaCommandTest.run(new StringWriter(), strictErr, "data", "convert", "--from", spec,
                "--out", tmp.resolve("strict.json").toString(), "--strict")).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(strictErr.toString().strip()).contains("b_cut.png").doesNotContain("\n");
        assertThat(tmp.resolve("strict.json")).doesNotExist();
    }

    @Test
    void convertsUnlabelledImages() throws Exception {
        Path json = tmp.resolve("target.json");
        StringWriter out = new StringWriter();
        int code = ScdaCommandTest.run(out, new StringWriter(), "data", "convert", "--from",
                "images:" + TestImages.fixture("images"), "--out", json.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("2 images").contains("(unlabelled)");
        assertThat(Files.readString(json)).doesNotContain("annotations");
    }

    @Test
    void badSpecIsAUsageError() {
        StringWriter err = new StringWriter();
        assertThat(ScdaCommandTest.run(new StringWriter(), err, "data", "stats", "yolo:x")).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("unknown dataset format 'yolo'");
        StringWriter err2 = new StringWriter();
        assertThat(ScdaCommandTest.run(new StringWriter(), err2, "data", "stats", "foggy-cityscapes:d?beta=0.5"))
                .isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err2.toString()).contains("0.005, 0.01 or 0.02");
        assertThat(ScdaCommandTest.run(new StringWriter(), new StringWriter(), "data", "convert", "--from", "kitti:x"))
                .isEqualTo(ScdaCommand.EXIT_USAGE);
    }

    @Test
    void missingFileFailsWithOneLine() {
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(new StringWriter(), err, "data", "stats", "coco:" + tmp.resolve("missing.json"));
        assertThat(code).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString().strip()).startsWith("scda: ").contains("missing.json").doesNotContain("\n").doesNotContain("at org.");
    }

    @Test
    void malformedInputNamesFileAndLine() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\n\"images\": [\n}");
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(new StringWriter(), err, "data", "stats", "coco:" + bad);
        assertThat(code).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("bad.json:3:");
    }

    @Test
    void dataAlonePrintsItsSubcommands() {
        StringWriter out = new StringWriter();
        assertThat(ScdaCommandTest.run(out, new StringWriter(), "data")).isZero();
        assertThat(out.toString()).contains("stats").contains("convert");
    }
}
