package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.DetectionDataset;
import org.scda.data.coco.CocoWriter;
import org.scda.testing.ToyScenes;
import picocli.CommandLine;

/** scda train / detect / eval --model on a few generated images, end to end through the CLI. */
@Tag("engine")
class DetectorCommandsTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ScdaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void trainResumeDetectEvaluate(@TempDir Path dir) throws Exception {
        DetectionDataset toy = ToyScenes.generate(dir.resolve("images"), 3, 256, 128, 11);
        Path ann = dir.resolve("images.json"); // read back with its images from the folder of the same base name
        CocoWriter.write(toy, ann, dir.resolve("images"));
        String spec = "coco:" + ann;
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, """
                model: {backboneWidth: 8, roi: {headDim: 32, batchSizePerImage: 32}}
                solver: {iterations: 6, warmupIterations: 2, steps: [4]}
                evalPeriod: 3
                checkpointPeriod: 2
                logPeriod: 2
                """);
        Path runDir = dir.resolve("run");
        int code = run("train", "--config", config.toString(), "--source", spec, "--source-val", spec,
                "--target-val", spec, "--out", runDir.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("source-val mAP@0.5").contains("target-val mAP@0.5");
        for (String f : new String[] {"config.yaml", "metrics.jsonl", "model_best.ckpt", "model_last.ckpt", "summary.json"}) {
            assertThat(runDir.resolve(f)).exists();
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode summary = json.readTree(runDir.resolve("summary.json").toFile());
        assertThat(summary.get("iterations").asInt()).isEqualTo(6);
        assertThat(summary.get("seed").asLong()).isEqualTo(42);
        assertThat(summary.get("provenance").has("git_commit")).isTrue();
        assertThat(summary.get("best").get("source_val").get("mAP").isNumber()).isTrue();
        long lossLines = Files.readAllLines(runDir.resolve("metrics.jsonl")).stream().filter(l -> l.contains("rpn.objectness")).count();
        assertThat(lossLines).isEqualTo(3);

        // A second run into the same folder needs --resume; extended to 8 iterations (other settings),
        // --resume-with-changes, and training continues from iteration 6 with the change recorded.
        assertThat(run("train", "--config", config.toString(), "--source", spec, "--source-val", spec,
                "--target-val", "", "--out", runDir.toString())).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("--resume");
        Files.writeString(config, Files.readString(config).replace("iterations: 6", "iterations: 8"));
        assertThat(run("train", "--config", config.toString(), "--source", spec, "--source-val", spec,
                "--target-val", spec, "--out", runDir.toString(), "--resume-with-changes")).as(err.toString()).isZero();
        JsonNode resumed = json.readTree(runDir.resolve("summary.json").toFile());
        assertThat(resumed.get("iterations").asInt()).isEqualTo(8);
        assertThat(resumed.get("settings_changes")).singleElement().satisfies(c -> {
            assertThat(c.get("setting").asText()).isEqualTo("solver.iterations");
            assertThat(c.get("iteration").asInt()).isEqualTo(6);
        });

        Path detOut = dir.resolve("detections");
        assertThat(run("detect", "--model", runDir.toString(), "--images", dir.resolve("images").toString(),
                "--out", detOut.toString())).as(err.toString()).isZero();
        assertThat(detOut.resolve("detections.json")).exists();
        assertThat(detOut.resolve("images.json")).exists();
        assertThat(detOut.resolve("img0000.png")).exists();
        assertThat(json.readTree(detOut.resolve("detections.json").toFile()).isArray()).isTrue();

        out.getBuffer().setLength(0);
        assertThat(run("eval", "--model", runDir.resolve("model_last.ckpt").toString(), "--data", spec, "--json"))
                .as(err.toString()).isZero();
        JsonNode result = json.readTree(out.toString());
        assertThat(result.get("metric").asText()).isEqualTo("voc07");
        assertThat(result.get("mAP").asDouble()).isBetween(0.0, 1.0);

        assertThat(run("eval", "--model", dir.resolve("nothing").toString(), "--data", spec)).isEqualTo(ScdaCommand.EXIT_FAILED);
    }

    @Test
    void maskModelTrainsDetectsWithRleAndEvaluatesBoxAndMaskAp(@TempDir Path dir) throws Exception {
        DetectionDataset toy = ToyScenes.generate(dir.resolve("images"), 3, 256, 128, 11, true);
        Path ann = dir.resolve("images.json");
        CocoWriter.write(toy, ann, dir.resolve("images"));
        String spec = "coco:" + ann;
        Path config = dir.resolve("tiny-mask.yaml");
        Files.writeString(config, """
                model: {backboneWidth: 8, roi: {headDim: 32, batchSizePerImage: 32, scoreThreshold: 0.0}}
                solver: {iterations: 4, warmupIterations: 2, steps: [3]}
                logPeriod: 2
                """);
        Path runDir = dir.resolve("run");
        assertThat(run("train", "--config", config.toString(), "--mask", "--source", spec, "--source-val", spec,
                "--target-val", "", "--out", runDir.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("source-val mask mAP");
        assertThat(Files.readString(runDir.resolve("config.yaml"))).contains("mask: true");
        assertThat(Files.readAllLines(runDir.resolve("metrics.jsonl")).stream().filter(l -> l.contains("roi.mask")).count())
                .isEqualTo(2);
        assertThat(Files.readString(runDir.resolve("metrics.jsonl"))).contains("source_val.mask_mAP");

        Path detOut = dir.resolve("detections");
        assertThat(run("detect", "--model", runDir.toString(), "--images", dir.resolve("images").toString(),
                "--out", detOut.toString(), "--draw-threshold", "0")).as(err.toString()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode dets = json.readTree(detOut.resolve("detections.json").toFile());
        assertThat(dets.size()).isGreaterThan(0);
        for (JsonNode d : dets) {
            JsonNode seg = d.get("segmentation");
            assertThat(seg.get("size").get(0).asInt()).isEqualTo(128);
            assertThat(seg.get("size").get(1).asInt()).isEqualTo(256);
            // decodes to an image-size mask
            assertThat(org.scda.data.mask.Rle.fromCompressedString(128, 256, seg.get("counts").asText()).decode())
                    .hasSize(128 * 256);
        }
        java.awt.image.BufferedImage input = javax.imageio.ImageIO.read(toy.samples().get(0).image().toFile());
        java.awt.image.BufferedImage drawn = javax.imageio.ImageIO.read(detOut.resolve("img0000.png").toFile());
        assertThat(drawn.getWidth()).isEqualTo(input.getWidth());

        out.getBuffer().setLength(0);
        assertThat(run("eval", "--model", runDir.toString(), "--data", spec, "--json")).as(err.toString()).isZero();
        JsonNode result = json.readTree(out.toString());
        assertThat(result.get("mAP").asDouble()).isBetween(0.0, 1.0);
        assertThat(result.get("mask").get("mAP").asDouble()).isBetween(0.0, 1.0);
        assertThat(result.get("mask").get("per_class").has("ellipse")).isTrue();
        out.getBuffer().setLength(0);
        assertThat(run("eval", "--model", runDir.toString(), "--data", spec)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("box AP").contains("mask AP");

        // the same model on boxes-only ground truth: box AP, and a note why there is no mask AP
        DetectionDataset boxesOnly = ToyScenes.generate(dir.resolve("plain"), 2, 256, 128, 12);
        CocoWriter.write(boxesOnly, dir.resolve("plain.json"), dir.resolve("plain"));
        out.getBuffer().setLength(0);
        assertThat(run("eval", "--model", runDir.toString(), "--data", "coco:" + dir.resolve("plain.json"), "--json"))
                .as(err.toString()).isZero();
        assertThat(json.readTree(out.toString()).has("mask")).isFalse();
        assertThat(err.toString()).contains("no instance polygons");

        // training masks on a dataset without any polygons is refused, naming it
        assertThat(run("train", "--config", config.toString(), "--mask", "--source", "coco:" + dir.resolve("plain.json"),
                "--source-val", spec, "--target-val", "", "--out", dir.resolve("run2").toString()))
                .isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("plain").contains("no instance polygons");
    }

    @Test
    void ownDataTrainsWithoutSayingThereIsNoTargetVal(@TempDir Path dir) throws Exception {
        DetectionDataset toy = ToyScenes.generate(dir.resolve("mine"), 3, 256, 128, 21);
        CocoWriter.write(toy, dir.resolve("mine.json"), dir.resolve("mine"));
        String mine = "coco:" + dir.resolve("mine.json");
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, """
                model: {backboneWidth: 8, roi: {headDim: 32, batchSizePerImage: 32}}
                solver: {iterations: 2, warmupIterations: 1, steps: [2]}
                """);
        // the built-in target-val (foggy, other classes) is not picked up for the user's own data
        Path runDir = dir.resolve("run");
        assertThat(run("train", "--config", config.toString(), "--source", mine, "--source-val", mine,
                "--out", runDir.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("source-val mAP@0.5").doesNotContain("target-val");
        assertThat(err.toString()).contains("no target-val: synth:foggy/target/val belongs to the built-in benchmark");
        assertThat(Files.readString(runDir.resolve("config.yaml"))).contains("targetVal: \"\"");

        // without a source-val of its own, the run stops before loading anything, naming the flag
        err.getBuffer().setLength(0);
        assertThat(run("train", "--config", config.toString(), "--source", mine, "--out", dir.resolve("run2").toString()))
                .isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("is not a built-in benchmark").contains("give --source-val");
        assertThat(dir.resolve("run2")).doesNotExist();
    }

    @Test
    void domainGapAndAdabnOnATrainedModel(@TempDir Path dir) throws Exception {
        DetectionDataset sourceToy = ToyScenes.generate(dir.resolve("source"), 5, 256, 128, 11);
        CocoWriter.write(sourceToy, dir.resolve("source.json"), dir.resolve("source"));
        DetectionDataset targetToy = ToyScenes.generate(dir.resolve("target"), 4, 256, 128, 12);
        CocoWriter.write(targetToy, dir.resolve("target.json"), dir.resolve("target"));
        String source = "coco:" + dir.resolve("source.json");
        String target = "coco:" + dir.resolve("target.json");
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, """
                model: {backboneWidth: 8, roi: {headDim: 32, batchSizePerImage: 32}}
                solver: {iterations: 2, warmupIterations: 1, steps: [2]}
                """);
        Path runDir = dir.resolve("run");
        assertThat(run("train", "--config", config.toString(), "--source", source, "--source-val", source,
                "--target-val", "", "--iterations", "4", "--out", runDir.toString())).as(err.toString()).isZero();
        // --iterations with a config keeps the config's LR steps at their fraction of the run (2 of 2 -> 4 of 4)
        assertThat(Files.readString(runDir.resolve("config.yaml"))).containsPattern("steps:\\s*\\n?\\s*- 4");

        out.getBuffer().setLength(0);
        assertThat(run("domain-gap", "--model", runDir.resolve("model_last.ckpt").toString(), "--source", source,
                "--target", target, "--proposals", "16", "--json")).as(err.toString()).isZero();
        JsonNode levels = new ObjectMapper().readTree(out.toString()).get("levels");
        assertThat(levels.get("roi").get("dims").asInt()).isEqualTo(32);
        assertThat(levels.get("backbone").get("dims").asInt()).isGreaterThan(0);
        for (String level : new String[] {"backbone", "roi"}) {
            JsonNode l = levels.get(level);
            assertThat(l.get("source_images").asInt()).isEqualTo(5);
            assertThat(l.get("target_images").asInt()).isEqualTo(4);
            assertThat(l.get("proxy_a_distance").asDouble()).isBetween(0.0, 2.0);
            assertThat(l.get("held_out_accuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(l.get("mean_effect_size").asDouble()).isPositive();
        }
        out.getBuffer().setLength(0);
        assertThat(run("domain-gap", "--model", runDir.toString(), "--source", source, "--target", target,
                "--plot", dir.resolve("plots").toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("proxy A-distance").contains("roi").contains("(5 images)");
        for (String level : new String[] {"backbone", "roi"}) {
            java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(
                    dir.resolve("plots").resolve("domain-gap-" + level + ".png").toFile());
            assertThat(png.getWidth()).isGreaterThan(100);
        }

        // --save needs an experiment run's folder; there the datasets default to the run's own val sets
        assertThat(run("domain-gap", "--model", runDir.toString(), "--source", source, "--target", target, "--save"))
                .isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("--save needs --model to be a run directory");
        new org.scda.experiment.RunResult("s/v/seed1", "s", "v", "v", "source-only", 1, 4, 0, 1, 1, "c", Map.of(),
                Map.of(), new org.scda.experiment.ScenarioSpec(source, source, target, target, null, Map.of()), "last", 4,
                new org.scda.experiment.Scores("t", "VOC07", 0.1, Map.of()), null, Map.of(), "now").write(runDir);
        out.getBuffer().setLength(0);
        assertThat(run("domain-gap", "--model", runDir.toString(), "--proposals", "16", "--save"))
                .as(err.toString()).isZero();
        JsonNode saved = new ObjectMapper().readTree(runDir.resolve(org.scda.eval.DomainGapReport.RUN_FILE).toFile());
        assertThat(saved.get("source").asText()).isEqualTo(source);
        assertThat(saved.get("target").asText()).isEqualTo(target);
        assertThat(saved.get("levels").get("roi").get("source_images").asInt()).isEqualTo(5);
        assertThat(out.toString()).as("the table still goes to stdout").contains("proxy A-distance");

        // AdaBN: a new checkpoint with the target's BatchNorm statistics, which scda eval reads
        out.getBuffer().setLength(0);
        Path adabn = dir.resolve("adabn.ckpt");
        assertThat(run("adabn", "--model", runDir.toString(), "--target", target, "--out", adabn.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("BatchNorm layers").contains("set from 4 images");
        assertThat(adabn).isRegularFile();
        assertThat(run("eval", "--model", adabn.toString(), "--data", target, "--json")).as(err.toString()).isZero();
        assertThat(run("adabn", "--model", runDir.toString(), "--target", target, "--out",
                runDir.resolve("model_best.ckpt").toString())).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("the model's own checkpoint");

        // two folds need 4 images a domain
        assertThat(run("domain-gap", "--model", runDir.toString(), "--source", source, "--target", target,
                "--images", "3")).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("at least 4 images of each domain");
    }
}
