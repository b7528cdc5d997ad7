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
        int code = ScdaCommandTest.run(out, err, "data", "convert", "--from", "voc:" + voc + "?split=trainval", "--out", json.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2 images, 3 classes, 3 boxes, 1 ignore regions")
                .contains("skipped while reading: 2");
        DetectionDataset original = VocReader.read(voc, "trainval");
        DetectionDataset back = CocoReader.read(json, json.getParent());
        assertThat(back.classNames()).isEqualTo(original.classNames());
        assertThat(back.samples()).isEqualTo(original.samples());
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
