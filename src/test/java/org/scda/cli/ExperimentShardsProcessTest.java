package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.synth.SynthCatalog;
import org.scda.experiment.RunResult;
import org.scda.report.RunCollection;
import org.scda.testing.ChildScda;

/**
 * Two {@code scda experiment --shard I/2} processes, started at once on one output folder as
 * they would be on two machines, finish the same runs with the same scores as one process
 * running the whole file: each run is trained once, by its slice, and nothing in a run's
 * results depends on which process trained it or what it trained before.
 */
@Tag("engine")
class ExperimentShardsProcessTest {
    @TempDir
    Path tmp;

    /** A source-only and a Type3-adapted variant of a tiny detector, two seeds: 4 runs of 8 iterations. */
    Path experiment() throws IOException {
        String detector = """
                model:
                  backboneWidth: 8
                  rpn: {postNmsTopNTrain: 200}
                  roi: {headDim: 64, batchSizePerImage: 64}
                solver: {iterations: 8, baseLr: 0.02, warmupIterations: 1, steps: [100]}
                checkpointPeriod: 4
                evalPeriod: 4
                logPeriod: 1
                """;
        Files.writeString(tmp.resolve("tiny.yaml"), detector);
        Files.writeString(tmp.resolve("tiny-type3.yaml"), detector + TinyRuns.ADAPT);
        Path file = tmp.resolve("shards.yaml");
        Files.writeString(file, """
                name: shards
                seeds: [1, 2]
                scenarios:
                  foggy: {synth: foggy}
                variants:
                  so: {method: source-only, label: Source-only, config: tiny.yaml}
                  t3: {method: scda, label: Type3, config: tiny-type3.yaml}
                matrix:
                  - {scenarios: [foggy], variants: [so, t3]}
                """);
        return file;
    }

    Process start(String name, List<String> args) throws IOException {
        Map<String, String> properties = Map.of("scda.cache", tmp.resolve("cache").toString(),
                SynthCatalog.COUNTS_PROPERTY, "6,3");
        return ChildScda.start(tmp, properties, args, tmp.resolve(name + ".out"), tmp.resolve(name + ".err"));
    }

    void assertEnded(Process p, String name) throws Exception {
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not end within 5 minutes");
        }
        assertThat(p.exitValue()).as(name + ": " + Files.readString(tmp.resolve(name + ".err"))).isZero();
    }

    /** Run id -> what it scored and how it was selected. */
    static Map<String, String> scores(Path runs) {
        Map<String, String> byRun = new TreeMap<>();
        for (RunCollection.Run r : RunCollection.load(runs).runs()) {
            RunResult x = r.result();
            List<Double> losses = r.metrics().stream().filter(m -> m.containsKey("loss")).map(m -> m.get("loss")).toList();
            byRun.put(x.run(), x.iterations() + " iterations, losses " + losses + ", checkpoint " + x.selectedIteration()
                    + ", target " + x.targetVal() + ", source " + x.sourceVal() + ", config " + x.config());
        }
        return byRun;
    }

    /** The files of every run folder, relative to the runs folder (the claims' lock files left out). */
    static TreeSet<String> files(Path runs) throws IOException {
        try (Stream<Path> walk = Files.walk(runs)) {
            return walk.filter(Files::isRegularFile).map(p -> runs.relativize(p).toString())
                    .filter(p -> !p.startsWith(".claims/")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void twoShardsInTwoProcessesFinishWhatOneProcessDoes() throws Exception {
        Path file = experiment();
        Path single = tmp.resolve("single");
        Path shared = tmp.resolve("shared");
        // first (and alone) so that it generates the built-in benchmark the shards then share
        assertEnded(start("single", List.of("experiment", file.toString(), "--out", single.toString())), "single");
        Process first = start("shard1", List.of("experiment", file.toString(), "--shard", "1/2", "--out", shared.toString()));
        Process second = start("shard2", List.of("experiment", file.toString(), "--shard", "2/2", "--out", shared.toString()));
        assertEnded(first, "shard1");
        assertEnded(second, "shard2");

        // each slice trained its own two runs; none was left to, or taken from, the other
        assertThat(Files.readString(tmp.resolve("shard1.out"))).contains("2 runs finished now, 0 were already finished, 0 failed");
        assertThat(Files.readString(tmp.resolve("shard2.out"))).contains("2 runs finished now, 0 were already finished, 0 failed");
        assertThat(Files.readString(tmp.resolve("shard1.err"))).contains("foggy/so/seed1 (source-only)")
                .contains("foggy/t3/seed1 (scda)").doesNotContain("seed2").doesNotContain("another runner");

        Map<String, String> expected = scores(single);
        assertThat(expected).containsOnlyKeys("foggy/so/seed1", "foggy/so/seed2", "foggy/t3/seed1", "foggy/t3/seed2");
        assertThat(scores(shared)).isEqualTo(expected);
        assertThat(files(shared)).isEqualTo(files(single)).contains("experiment.yaml", "foggy/t3/seed2/result.json");

        // scda report reads the shared folder as one experiment
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ScdaCommandTest.run(out, err, "report", shared.toString(), "--out", tmp.resolve("report").toString()))
                .as(err.toString()).isZero();
        assertThat(Files.readString(tmp.resolve("report/report.md"))).contains("| Source-only | 2 |").contains("| Type3 | 2 |");
    }
}
