package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.DetectionDataset;
import org.scda.data.coco.CocoWriter;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyScenes;
import picocli.CommandLine;

/** {@code scda adapt}: usage, and a whole tiny run from COCO files to summary.json and pictures. */
class AdaptCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ScdaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsTheOptions() {
        assertThat(run("adapt", "--help")).isZero();
        assertThat(out.toString()).contains("--config", "--source", "--target", "--source-val", "--target-val",
                "--iterations", "--seed", "--out", "--detach-region-features", "--mask", "Adapt the detector", "--resume",
                "same weights as an uninterrupted run");
    }

    @Test
    void badConfigIsAOneLineFailure(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "adapt: {preset: type9}\n");
        assertThat(run("adapt", "--config", cfg.toString(), "--out", dir.resolve("run").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("type9");
    }

    @Test
    void ownSourceDataNeedsItsOwnTargetNotTheBuiltInFog(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("mine.json"), "{\"images\": [], \"categories\": [], \"annotations\": []}");
        assertThat(run("adapt", "--source", "coco:" + json, "--source-val", "coco:" + json,
                "--out", dir.resolve("run").toString())).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("is not a built-in benchmark").contains("give --target");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    private static String coco(Path dir, String name, DetectionDataset ds, boolean labelled) {
        DetectionDataset written = labelled ? ds
                : new DetectionDataset(ds.name(), ds.classNames(), ds.samples(), false, ds.skipped());
        Path json = dir.resolve(name + ".json");
        CocoWriter.write(written, json, ds.samples().get(0).image().getParent());
        return "coco:" + json + "?images=" + ds.samples().get(0).image().getParent();
    }

    @Test
    @Tag("engine")
    void tinyRunWritesSummaryMetricsCheckpointsAndPictures(@TempDir Path dir) throws Exception {
        OneEngineThread.use();
        String source = coco(dir, "source", ToyScenes.generate(dir.resolve("s"), 4, 256, 128, 1), true);
        String target = coco(dir, "target", ToyScenes.generate(dir.resolve("t"), 4, 256, 128, 2), false);
        String sourceVal = coco(dir, "source_val", ToyScenes.generate(dir.resolve("sv"), 3, 256, 128, 3), true);
        String targetVal = coco(dir, "target_val", ToyScenes.generate(dir.resolve("tv"), 3, 256, 128, 4), true);
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                model:
                  backboneWidth: 8
                  rpn: {postNmsTopNTrain: 200}
                  roi: {headDim: 64, batchSizePerImage: 64}
                solver: {iterations: 4, warmupIterations: 1, steps: [100]}
                evalPeriod: 0
                checkpointPeriod: 2
                logPeriod: 2
                adapt:
                  preset: cpu-type3
                  warmupFraction: 0.25
                  targetProposals: 100
                  picturePeriod: 2
                """);
        Path runDir = dir.resolve("run");
        int code = run("adapt", "--config", cfg.toString(), "--source", source, "--target", target,
                "--source-val", sourceVal, "--target-val", targetVal, "--seed", "3", "--out", runDir.toString(), "--verbose",
                "--profile");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("selected model (source-val", "target-val mAP@0.5");
        // --profile: the region alignment's four updates under the adaptation term, and the ratio
        assertThat(out.toString()).contains("source-only iterations:", "adaptation iterations:")
                .containsPattern("\n    \\(1\\) discriminators +[0-9.]+ ms")
                .containsPattern("an adaptation iteration costs [0-9.]+ source-only iterations");

        JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
        assertThat(summary.get("command").asText()).isEqualTo("adapt");
        assertThat(summary.get("iterations").asInt()).isEqualTo(4);
        assertThat(summary.get("warmup_iterations").asInt()).isEqualTo(1);
        assertThat(summary.get("model_selection").asText()).isEqualTo("source-val");
        assertThat(summary.get("source_val_mAP").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.get("target_val_mAP").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.get("median_aligned_iteration_ms").asDouble()).isPositive();
        assertThat(summary.get("provenance").has("git_commit") || summary.get("provenance").size() > 0).isTrue();
        assertThat(summary.get("config").get("adapt").get("preset").asText()).isEqualTo("cpu-type3");
        assertThat(summary.get("config").get("seed").asLong()).isEqualTo(3);

        List<String> metrics = Files.readAllLines(runDir.resolve("metrics.jsonl"));
        assertThat(metrics).anyMatch(l -> l.contains("\"align.f_adv\"") && l.contains("\"align.d_target\""));
        assertThat(runDir.resolve("model_last.ckpt")).exists();
        assertThat(runDir.resolve("alignment_last.params")).exists();
        assertThat(runDir.resolve("config.yaml")).content().contains("adapt:", "cpu-type3");
        try (Stream<Path> pics = Files.list(runDir.resolve("pictures"))) {
            assertThat(pics.map(p -> p.getFileName().toString()).toList())
                    .contains("iter_000002_target.png", "iter_000002_source.png", "iter_000004_target.png");
        }

        String[] again = {"adapt", "--config", cfg.toString(), "--source", source, "--target", target,
            "--source-val", sourceVal, "--target-val", targetVal, "--seed", "3", "--out", runDir.toString()};
        assertThat(run(again)).isEqualTo(1);
        assertThat(err.toString()).contains("already holds a run: pass --resume");
        byte[] model = Files.readAllBytes(runDir.resolve("model_last.ckpt"));
        out.getBuffer().setLength(0);
        String[] resumed = java.util.Arrays.copyOf(again, again.length + 1);
        resumed[again.length] = "--resume";
        assertThat(run(resumed)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("adapted 4 iterations");
        assertThat(Files.readAllBytes(runDir.resolve("model_last.ckpt"))).isEqualTo(model);
    }
}
