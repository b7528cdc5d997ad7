package org.scda.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scda.testing.ToyCoco;
import org.scda.testing.ToyScenes;
import picocli.CommandLine;

/**
 * Test helper for whole runs through the command line: tiny generated datasets, tiny configs,
 * {@code scda train} / {@code scda adapt} argument lists, and a runner that keeps the output.
 */
final class TinyRuns {
    /** The adaptation section of the tiny configs: Type3 regions, a quarter of warm-up, no pictures. */
    static final String ADAPT = """
            adapt:
              preset: cpu-type3
              warmupFraction: 0.25
              targetProposals: 100
              picturePeriod: 0
            """;

    final String source;
    final String target;
    final String sourceVal;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Writes 4 labelled source, 4 unlabelled target and {@code valImages} source-val images into {@code dir}. */
    TinyRuns(Path dir, int valImages) throws IOException {
        source = ToyCoco.coco(dir, "source", ToyScenes.generate(dir.resolve("s"), 4, 256, 128, 1), true);
        target = ToyCoco.coco(dir, "target", ToyScenes.generate(dir.resolve("t"), 4, 256, 128, 2), false);
        sourceVal = ToyCoco.coco(dir, "source_val", ToyScenes.generate(dir.resolve("sv"), valImages, 256, 128, 3), true);
    }

    /** Runs a command line in this JVM; its output and error output replace the previous ones. */
    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = ScdaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    String err() {
        return err.toString();
    }

    String out() {
        return out.toString();
    }

    /** A tiny detector config: {@code iterations}, checkpoints every {@code checkpointPeriod}, lr 0.01, no evaluation unless {@code extra} sets evalPeriod. */
    static Path config(Path dir, String name, int iterations, int checkpointPeriod, String extra) throws IOException {
        return config(dir, name, iterations, checkpointPeriod, "0.01", extra);
    }

    /** A tiny detector config with the learning rate {@code baseLr} (YAML text). */
    static Path config(Path dir, String name, int iterations, int checkpointPeriod, String baseLr, String extra)
            throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                model:
                  backboneWidth: 8
                  rpn: {postNmsTopNTrain: 200}
                  roi: {headDim: 64, batchSizePerImage: 64}
                solver: {iterations: %d, baseLr: %s, warmupIterations: 1, steps: [100]}
                checkpointPeriod: %d
                logPeriod: 1
                """.formatted(iterations, baseLr, checkpointPeriod)
                // no evaluation unless extra sets its period (a key given twice is an error)
                + (extra.contains("evalPeriod:") ? "" : "evalPeriod: 0\n") + extra);
        return file;
    }

    /** {@code scda train} on the tiny data with {@code cfg} into {@code runDir}, then {@code more}. */
    String[] train(Path cfg, Path runDir, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--config", cfg.toString(), "--source", source,
                "--source-val", sourceVal, "--target-val", "", "--out", runDir.toString()));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    /** {@code scda adapt} on the tiny data with {@code cfg} into {@code runDir}, then {@code more}. */
    String[] adapt(Path cfg, Path runDir, String... more) {
        List<String> args = new ArrayList<>(List.of("adapt", "--config", cfg.toString(), "--source", source,
                "--target", target, "--source-val", sourceVal, "--target-val", "", "--out", runDir.toString()));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** The error output is one line {@code scda: ...}. */
    static void assertOneLine(String text) {
        org.assertj.core.api.Assertions.assertThat(text.strip()).startsWith("scda: ").doesNotContain("\n");
    }

    /** The iterations of the evaluation lines of a run's metrics.jsonl, in order. */
    static List<Integer> evaluationLines(Path runDir) throws IOException {
        List<Integer> iterations = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            JsonNode n = json.readTree(line);
            if (n.has("eval_images")) {
                iterations.add(n.get("iteration").asInt());
            }
        }
        return iterations;
    }
}
