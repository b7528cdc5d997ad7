package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.TestImages;
import org.scda.data.coco.CocoWriter;
import org.scda.testing.ToyScenes;
import picocli.CommandLine;

/** {@code scda detect} on folders a user has: ground-truth ids, unreadable files. */
@Tag("engine")
class DetectCommandTest {
    @TempDir
    static Path shared;
    static Path model;
    static DetectionDataset toy;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final ObjectMapper json = new ObjectMapper();

    private int run(String... args) {
        CommandLine cl = ScdaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @BeforeAll
    static void trainATinyModel() throws Exception {
        toy = ToyScenes.generate(shared.resolve("images"), 4, 256, 128, 31);
        CocoWriter.write(toy, shared.resolve("images.json"), shared.resolve("images"));
        String spec = "coco:" + shared.resolve("images.json");
        Path config = Files.writeString(shared.resolve("tiny.yaml"), """
                model: {backboneWidth: 8, roi: {headDim: 32, batchSizePerImage: 32, scoreThreshold: 0.0}}
                solver: {iterations: 4, warmupIterations: 1, steps: [3]}
                """);
        model = shared.resolve("run");
        int code = ScdaCommand.commandLine().execute("train", "--config", config.toString(), "--source", spec,
                "--source-val", spec, "--target-val", "", "--out", model.toString());
        assertThat(code).isZero();
    }

    /** The toy images as ground truth under other ids (40, 30, 20, 10 in file-name order), listed in reverse. */
    private Path groundTruthUnderOtherIds(Path dir) throws Exception {
        java.util.List<DetectionSample> renumbered = new java.util.ArrayList<>();
        for (int i = toy.size() - 1; i >= 0; i--) {
            DetectionSample s = toy.samples().get(i);
            renumbered.add(new DetectionSample(10L * (toy.size() - i), s.image(), s.width(), s.height(), s.objects()));
        }
        Path gt = dir.resolve("gt.json");
        CocoWriter.write(new DetectionDataset("gt", toy.classNames(), renumbered, true, toy.skipped()), gt,
                shared.resolve("images"));
        return gt;
    }

    @Test
    void withGroundTruthDetectionsCarryItsIdsAndScoreAsTheModelDoes(@TempDir Path dir) throws Exception {
        Path gt = groundTruthUnderOtherIds(dir);
        Map<String, Long> idOf = new HashMap<>();
        for (JsonNode image : json.readTree(gt.toFile()).get("images")) {
            idOf.put(Path.of(image.get("file_name").asText()).getFileName().toString(), image.get("id").asLong());
        }
        Path folder = Files.createDirectories(dir.resolve("folder"));
        for (DetectionSample s : toy.samples()) {
            Files.copy(s.image(), folder.resolve(s.image().getFileName()));
        }
        TestImages.write(folder.resolve("zz_not_in_gt.png"), 64, 32);

        Path detOut = dir.resolve("with-gt");
        assertThat(run("detect", "--model", model.toString(), "--images", folder.toString(), "--gt", gt.toString(),
                "--out", detOut.toString())).as(err.toString()).isZero();
        JsonNode dets = json.readTree(detOut.resolve("detections.json").toFile());
        assertThat(dets.size()).isGreaterThan(0);
        Set<Long> ids = new HashSet<>();
        for (JsonNode d : dets) {
            String name = d.get("file_name").asText();
            assertThat(d.get("image_id").asLong()).as(name).isEqualTo(idOf.get(name));
            ids.add(d.get("image_id").asLong());
        }
        assertThat(ids).isSubsetOf(idOf.values());
        assertThat(err.toString()).contains("skipped 1 of 5 images").contains("image not in the ground truth")
                .contains("zz_not_in_gt.png");

        // scored from the file, the detections give what the model gives on the ground truth itself
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run("eval", "--gt", gt.toString(), "--detections", detOut.resolve("detections.json").toString(),
                "--metric", "voc07", "--json")).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();
        double fromFile = json.readTree(out.toString()).get("mAP").asDouble();
        out.getBuffer().setLength(0);
        assertThat(run("eval", "--model", model.toString(), "--data", "coco:" + gt + "?images=" + shared.resolve("images"),
                "--json")).as(err.toString()).isZero();
        assertThat(fromFile).isCloseTo(json.readTree(out.toString()).get("mAP").asDouble(), within(1e-9));

        // without --gt the images are numbered 1, 2, ...; eval says the ids do not fit this ground truth
        Path noGt = dir.resolve("no-gt");
        assertThat(run("detect", "--model", model.toString(), "--images", folder.toString(), "--out", noGt.toString()))
                .as(err.toString()).isZero();
        err.getBuffer().setLength(0);
        assertThat(run("eval", "--gt", gt.toString(), "--detections", noGt.resolve("detections.json").toString(),
                "--metric", "voc07")).isZero();
        assertThat(err.toString()).contains("name image ids that are not in " + gt);
    }

    @Test
    void unreadableImagesAreSkippedCountedAndNamedAndTheRestDetected(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        // sorted first: a truncated download, then a decompression bomb, then the good images
        TestImages.truncate(TestImages.write(folder.resolve("a_cut.png"), 256, 128));
        TestImages.writePngHeader(folder.resolve("b_bomb.png"), 20000, 20000, 2);
        for (DetectionSample s : toy.samples()) {
            Files.copy(s.image(), folder.resolve(s.image().getFileName()));
        }
        Path detOut = dir.resolve("out");
        assertThat(run("detect", "--model", model.toString(), "--images", folder.toString(), "--out", detOut.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("on 4 images");
        assertThat(detOut.resolve("detections.json")).exists();
        JsonNode index = json.readTree(detOut.resolve("images.json").toFile());
        assertThat(index.size()).isEqualTo(4);
        assertThat(detOut.resolve(toy.samples().get(3).image().getFileName())).exists();
        assertThat(err.toString()).contains("skipped 2 of 6 images").contains("2 x unreadable image skipped")
                .contains("a_cut.png").contains("b_bomb.png").contains("over the limit");

        err.getBuffer().setLength(0);
        assertThat(run("detect", "--model", model.toString(), "--images", folder.toString(), "--strict",
                "--out", dir.resolve("strict").toString())).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString().trim().lines()).singleElement().asString().contains("a_cut.png");
        assertThat(dir.resolve("strict").resolve("detections.json")).doesNotExist();
    }
}
