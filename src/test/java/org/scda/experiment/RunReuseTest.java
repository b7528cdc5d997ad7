package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.config.Configs;
import org.scda.util.ScdaException;

/** A finished run of another experiment folder is taken only when it is the same run. */
class RunReuseTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private static final String THREADS = "3";

    /** This experiment's run: scenario foggy, variant source-only. */
    private final RunSpec mine = Fixtures.spec("foggy", "source-only", "source-only", 1);

    private static Map<String, Object> recorded(RunSpec spec) {
        return new SourceOnlyRunner(false, "x").recordedConfig(spec).orElseThrow();
    }

    /**
     * A finished run in {@code other} named {@code scenario/variant/seedN}, made from {@code made}'s
     * config with {@code overrides}, on {@code threads} engine threads; with a checkpoint.
     */
    private Path finishedElsewhere(Path other, String variant, RunSpec made, Map<String, Object> overrides,
                                   String threads) throws Exception {
        RunSpec named = Fixtures.spec(made.scenarioId(), variant, made.method(), made.seed());
        Map<String, Object> config = SourceOnlyRunner.configMap(Configs.withOverrides(
                RunConfigs.train(made, made.scenario().source()), overrides));
        RunResult r = Fixtures.result(named, 0.42, Map.of("car", 0.42), 5);
        RunResult done = new RunResult(r.run(), r.scenario(), r.variant(), r.label(), r.method(), r.seed(),
                r.iterations(), r.skippedSteps(), r.wallSeconds(), r.trainSeconds(), "c0ffee",
                Map.of("threads", threads), config, r.datasets(), r.selection(), r.selectedIteration(),
                r.targetVal(), r.sourceVal(), r.prCurves(), r.finishedAt());
        Path dir = ExperimentRunner.runDir(other, named);
        Files.createDirectories(dir.resolve("pictures"));
        Files.writeString(dir.resolve("model_best.ckpt"), "weights");
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"iteration\":10}\n");
        Files.writeString(dir.resolve("pictures/a.png"), "png");
        done.write(dir);
        return dir;
    }

    @Test
    void theSameRunUnderAnotherVariantNameIsCopiedAndNamedAsThisOne() throws Exception {
        Path other = tmp.resolve("other");
        Path theirs = finishedElsewhere(other, "source-only-bn", mine, Map.of(), THREADS);
        var match = RunReuse.find(mine, recorded(mine), THREADS, List.of(other), log);
        assertThat(match).isPresent();
        assertThat(match.get().dir()).isEqualTo(theirs);

        Path dir = tmp.resolve("out/foggy/source-only/seed1");
        Path staging = tmp.resolve("out/.staging");
        // an unfinished run of its own and a copy interrupted before (staged under the run's claim name) are both replaced
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model_last.ckpt"), "half-trained here");
        Files.createDirectories(staging.resolve("foggy__source-only__seed1"));
        Files.writeString(staging.resolve("foggy__source-only__seed1/model_best.ckpt"), "half-copied");
        Files.writeString(theirs.resolve("domain_gap.json.tmp"), "being written");
        RunResult copied = RunReuse.copy(match.get(), mine, dir, staging);
        assertThat(staging).isEmptyDirectory();
        assertThat(dir.resolve("model_last.ckpt")).doesNotExist();
        assertThat(dir.resolve("domain_gap.json.tmp")).doesNotExist();
        assertThat(dir.resolve("model_best.ckpt")).hasContent("weights");
        assertThat(dir.resolve("metrics.jsonl")).hasContent("{\"iteration\":10}");
        assertThat(dir.resolve("pictures/a.png")).hasContent("png");
        assertThat(copied.run()).isEqualTo("foggy/source-only/seed1");
        assertThat(copied.variant()).isEqualTo("source-only");
        assertThat(copied.copiedFrom()).isEqualTo(theirs.toAbsolutePath().normalize().toString());
        assertThat(copied.targetVal().mAP()).isEqualTo(0.42);
        assertThat(copied.gitCommit()).isEqualTo("c0ffee");
        assertThat(RunResult.read(dir).toJson()).isEqualTo(copied.toJson());
    }

    @Test
    void aConfigThatDiffersAnywhereIsNotTakenAndTheLogNamesTheKey() throws Exception {
        Path other = tmp.resolve("other");
        finishedElsewhere(other, "strong", mine, Map.of("model.input.augment", "strong"), THREADS);
        assertThat(RunReuse.find(mine, recorded(mine), THREADS, List.of(other), log)).isEmpty();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("not reused from")
                .contains("differs in model.input.augment");

        finishedElsewhere(other, "longer-eval", mine, Map.of("evalPeriod", 7), THREADS);
        assertThat(RunReuse.find(mine, recorded(mine), THREADS, List.of(other), log)).isEmpty();
    }

    @Test
    void anotherThreadCountSeedMethodOrDataIsNotTheSameRun() throws Exception {
        Path other = tmp.resolve("other");
        finishedElsewhere(other, "source-only", mine, Map.of(), "1");
        assertThat(RunReuse.find(mine, recorded(mine), THREADS, List.of(other), log)).isEmpty();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("engine threads (1, here 3)");
        finishedElsewhere(other, "shared", mine, Map.of(), THREADS + ", fewer at times (shared the cores)");
        assertThat(RunReuse.find(mine, recorded(mine), THREADS, List.of(other), log)).isEmpty();

        Path more = tmp.resolve("more");
        finishedElsewhere(more, "source-only", Fixtures.spec("foggy", "x", "source-only", 2), Map.of(), THREADS);
        finishedElsewhere(more, "oracle", Fixtures.spec("foggy", "x", "oracle", 1), Map.of(), THREADS);
        finishedElsewhere(more, "source-only", Fixtures.spec("camera", "x", "source-only", 1), Map.of(), THREADS);
        assertThat(RunReuse.find(mine, recorded(mine), THREADS, List.of(more), log)).isEmpty();

        // a process that does not know its thread count cannot say it is the same run
        finishedElsewhere(more, "so-default", mine, Map.of(), "default");
        assertThat(RunReuse.find(mine, recorded(mine), "default", List.of(more), log)).isEmpty();

        // and the one that is the same is found among them
        finishedElsewhere(more, "so", mine, Map.of(), THREADS);
        assertThat(RunReuse.find(mine, recorded(mine), THREADS, List.of(more), log)).isPresent();
    }

    @Test
    void smallerBuiltInBenchmarksUnderTheSameNamesAreNotTheSameData() throws Exception {
        Path other = tmp.resolve("other");
        finishedElsewhere(other, "source-only", mine, Map.of(), THREADS);
        System.setProperty(org.scda.data.synth.SynthCatalog.COUNTS_PROPERTY, "6,4");
        try {
            assertThat(RunReuse.find(mine, recorded(mine), THREADS, List.of(other), log)).isEmpty();
        } finally {
            System.clearProperty(org.scda.data.synth.SynthCatalog.COUNTS_PROPERTY);
        }
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("scda.synth.counts null, here 6,4");
        assertThat(RunReuse.find(mine, recorded(mine), THREADS, List.of(other), log)).isPresent();
    }

    @Test
    void theRunnerCopiesInsteadOfTrainingAndSaysSo() throws Exception {
        Path other = tmp.resolve("other");
        String threads = System.getProperty(ParallelJobs.THREADS_PROPERTY, "default");
        finishedElsewhere(other, "source-only-bn", mine, Map.of(), threads);
        ExperimentRunnerTest.CountingRunner fake = new ExperimentRunnerTest.CountingRunner(true) {
            @Override
            public java.util.Optional<Map<String, Object>> recordedConfig(RunSpec spec) {
                return java.util.Optional.of(recorded(spec));
            }
        };
        ExperimentRunner runner = new ExperimentRunner(MethodRunners.of(Map.of("source-only", fake)), log)
                .reusing(List.of(other));
        RunSpec seed2 = Fixtures.spec("foggy", "source-only", "source-only", 2);
        ExperimentRunner.Summary s = runner.run(List.of(mine, seed2), tmp.resolve("out"));
        assertThat(s.copied()).containsExactly(mine.id());
        assertThat(s.completed()).containsExactly(mine.id(), seed2.id());
        assertThat(fake.calls).containsExactly(seed2.id()); // seed 2 is not in the other folder: trained
        assertThat(RunResult.read(tmp.resolve("out/foggy/source-only/seed1")).targetVal().mAP()).isEqualTo(0.42);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("foggy/source-only/seed1: copied from");

        assertThatThrownBy(() -> runner.reusing(List.of(tmp.resolve("nowhere"))))
                .isInstanceOf(ScdaException.class).hasMessageContaining("--reuse").hasMessageContaining("nowhere");
    }
}
