package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.util.ScdaException;

class ExperimentRunnerTest {
    @TempDir
    Path tmp;

    /** Test double: records calls, writes a fake checkpoint, optionally fails. */
    static class CountingRunner implements MethodRunner {
        final List<String> calls = new ArrayList<>();
        final List<Boolean> resumedFromCheckpoint = new ArrayList<>();
        final boolean resumable;
        String failOn;

        CountingRunner(boolean resumable) {
            this.resumable = resumable;
        }

        @Override
        public String method() {
            return "source-only";
        }

        @Override
        public boolean supportsResume() {
            return resumable;
        }

        @Override
        public RunResult run(RunSpec spec, Path runDir, boolean resume, PrintStream log) throws IOException {
            calls.add(spec.id());
            resumedFromCheckpoint.add(resume && Files.exists(runDir.resolve("model_last.ckpt")));
            if (spec.id().equals(failOn)) {
                throw new ScdaException("boom");
            }
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("model_last.ckpt"), "x");
            return Fixtures.result(spec, 0.1 * spec.seed(), Map.of("car", 0.1 * spec.seed()), 3.0);
        }
    }

    List<RunSpec> runs() {
        return List.of(Fixtures.spec("foggy", "so", "source-only", 1), Fixtures.spec("foggy", "so", "source-only", 2),
                Fixtures.spec("foggy", "so", "source-only", 3));
    }

    ExperimentRunner runner(CountingRunner fake, ByteArrayOutputStream log) {
        return new ExperimentRunner(MethodRunners.of(Map.of("source-only", fake)),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void aFinishedRunIsNotRepeated() throws Exception {
        CountingRunner fake = new CountingRunner(true);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExperimentRunner.Summary first = runner(fake, log).run(runs(), tmp);
        assertThat(first.completed()).hasSize(3);
        assertThat(fake.calls).hasSize(3);
        assertThat(tmp.resolve("foggy/so/seed2/result.json")).isRegularFile();
        assertThat(RunResult.read(tmp.resolve("foggy/so/seed2")).targetVal().mAP()).isEqualTo(0.2);
        // the fake reports 3 s; the runner records the session it measured (well under 3 s here)
        assertThat(RunResult.read(tmp.resolve("foggy/so/seed2")).wallSeconds()).isLessThan(3.0).isPositive();

        ExperimentRunner.Summary second = runner(fake, log).run(runs(), tmp);
        assertThat(fake.calls).hasSize(3);
        assertThat(second.skipped()).hasSize(3);
        assertThat(second.completed()).isEmpty();
    }

    @Test
    void aDomainGapThatCannotBeMeasuredIsAWarningAndTheRunStands() throws Exception {
        CountingRunner fake = new CountingRunner(true); // its "checkpoint" is not one
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExperimentRunner.Summary s = runner(fake, log).measuringDomainGap(true).run(runs().subList(0, 1), tmp);
        assertThat(s.completed()).containsExactly("foggy/so/seed1");
        assertThat(s.failed()).isEmpty();
        assertThat(tmp.resolve("foggy/so/seed1/result.json")).isRegularFile();
        assertThat(tmp.resolve("foggy/so/seed1/domain_gap.json")).doesNotExist();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("foggy/so/seed1: WARNING: no domain gap")
                .contains("scda domain-gap --model");
    }

    @Test
    void anUnfinishedRunWithACheckpointIsResumed() throws Exception {
        Path dir = tmp.resolve("foggy/so/seed2");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model_last.ckpt"), "half");
        Fixtures.result(runs().get(0), 0.1, Map.of("car", 0.1), 3.0).write(tmp.resolve("foggy/so/seed1"));
        CountingRunner fake = new CountingRunner(true);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExperimentRunner.Summary s = runner(fake, log).run(runs(), tmp);
        assertThat(fake.calls).containsExactly("foggy/so/seed2", "foggy/so/seed3");
        assertThat(fake.resumedFromCheckpoint).containsExactly(true, false);
        assertThat(s.skipped()).containsExactly("foggy/so/seed1");
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[2/3] foggy/so/seed2 (source-only), resuming").contains("ETA");
    }

    @Test
    void aMethodWithoutResumeRestartsFromAnEmptyDirectory() throws Exception {
        Path dir = tmp.resolve("foggy/so/seed1");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model_last.ckpt"), "stale");
        Files.writeString(dir.resolve("metrics.jsonl"), "{}\n");
        CountingRunner fake = new CountingRunner(false);
        runner(fake, new ByteArrayOutputStream()).run(runs().subList(0, 1), tmp);
        assertThat(fake.resumedFromCheckpoint).containsExactly(false);
        assertThat(dir.resolve("metrics.jsonl")).doesNotExist();
        assertThat(dir.resolve("result.json")).isRegularFile();
    }

    @Test
    void anEmptyResultIsNotAFinishedRun() throws Exception {
        // what a machine that lost power while writing result.json could leave
        Path dir = Files.createDirectories(tmp.resolve("foggy/so/seed1"));
        Files.writeString(dir.resolve("result.json"), "");
        assertThat(ExperimentRunner.finished(dir)).isFalse();
        Files.writeString(dir.resolve("result.json"), "{}");
        assertThat(ExperimentRunner.finished(dir)).isTrue();
        assertThat(ExperimentRunner.finished(tmp.resolve("foggy/so/seed9"))).isFalse();
    }

    @Test
    void aFailingRunIsReportedAndTheNextOneRuns() throws Exception {
        CountingRunner fake = new CountingRunner(true);
        fake.failOn = "foggy/so/seed2";
        ExperimentRunner.Summary s = runner(fake, new ByteArrayOutputStream()).run(runs(), tmp);
        assertThat(s.failed()).containsOnlyKeys("foggy/so/seed2").containsValue("boom");
        assertThat(s.completed()).containsExactly("foggy/so/seed1", "foggy/so/seed3");
        assertThat(ExperimentRunner.finished(tmp.resolve("foggy/so/seed2"))).isFalse();
    }

    @Test
    void etaIsTheExpectedTimeOfTheRunsLeftSharedByTheRunners() {
        RunCostEstimate none = RunCostEstimate.of(List.of());
        assertThat(ExperimentRunner.eta(none, runs(), 1)).isEmpty();
        RunCostEstimate cost = RunCostEstimate.of(List.of(new RunCostEstimate.Finished("so", "source-only", 60),
                new RunCostEstimate.Finished("so", "source-only", 120), new RunCostEstimate.Finished("so", "source-only", 90)));
        assertThat(ExperimentRunner.eta(cost, List.of(), 1)).isEmpty();
        assertThat(ExperimentRunner.eta(cost, runs(), 1)).isEqualTo(", ETA " + org.scda.util.ProgressBar.formatDuration(270));
        assertThat(ExperimentRunner.eta(cost, runs(), 2)).isEqualTo(", ETA " + org.scda.util.ProgressBar.formatDuration(135));
    }

    @Test
    void theEtaDrawsOnTheFoldersFinishedRunsAndOnEachRunFinishedSince() throws Exception {
        // a run of another variant finished earlier in the folder (not in this list) and took 300 s
        RunSpec other = Fixtures.spec("foggy", "slow", "source-only", 1);
        Fixtures.result(other, 0.1, Map.of("car", 0.1), 300.0).write(tmp.resolve("foggy/slow/seed1"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        runner(new CountingRunner(true), log).run(runs(), tmp);
        String text = log.toString(StandardCharsets.UTF_8);
        // before the first run only the other variant's time is known: its method's median, 300 s per run
        assertThat(text).contains("[1/3] foggy/so/seed1 (source-only); 0 done, 3 to go, ETA "
                + org.scda.util.ProgressBar.formatDuration(900));
        // once one 'so' run has finished (in about a millisecond: the runner records the time it
        // measured), that variant's time counts, not its method's 300 s
        assertThat(text).contains("[2/3] foggy/so/seed2 (source-only); 1 done, 2 to go, ETA 0s\n");
    }

    @Test
    void aRunClaimedByAnotherRunnerIsLeftToIt() throws Exception {
        CountingRunner fake = new CountingRunner(true);
        ExperimentRunner.Summary s;
        try (RunClaims.Claim other = RunClaims.tryClaim(tmp, "foggy/so/seed2").orElseThrow()) {
            assertThat(RunClaims.tryClaim(tmp, "foggy/so/seed2")).isEmpty();
            s = runner(fake, new ByteArrayOutputStream()).run(runs(), tmp);
        }
        assertThat(fake.calls).containsExactly("foggy/so/seed1", "foggy/so/seed3");
        assertThat(s.busy()).containsExactly("foggy/so/seed2");
        assertThat(s.failed()).isEmpty();
        // released: the next runner trains it, and the claims of finished runs are free again
        ExperimentRunner.Summary again = runner(fake, new ByteArrayOutputStream()).run(runs(), tmp);
        assertThat(again.completed()).containsExactly("foggy/so/seed2");
        assertThat(RunClaims.tryClaim(tmp, "foggy/so/seed1")).isPresent().get().satisfies(c -> c.close());
    }

    /** Test double of a run that takes another run's training: records whether that run was finished when it ran. */
    static final class TakingRunner extends CountingRunner {
        final RunSpec provider;
        final Path outDir;
        final List<Boolean> providerFinishedWhenRun = new ArrayList<>();

        TakingRunner(RunSpec provider, Path outDir) {
            super(true);
            this.provider = provider;
            this.outDir = outDir;
        }

        @Override
        public String method() {
            return "adabn";
        }

        @Override
        public List<RunSpec> reusesFrom(RunSpec spec, List<RunSpec> experiment) {
            return experiment.contains(provider) ? List.of(provider) : List.of();
        }

        @Override
        public RunResult run(RunSpec spec, Path runDir, boolean resume, PrintStream log) throws IOException {
            providerFinishedWhenRun.add(ExperimentRunner.finished(ExperimentRunner.runDir(outDir, provider)));
            return super.run(spec, runDir, resume, log);
        }
    }

    @Test
    void aRunWhoseProviderAnotherRunnerTrainsWaitsForItAfterTheOtherRunsInsteadOfTrainingTwice() throws Exception {
        RunSpec provider = Fixtures.spec("foggy", "so", "source-only", 1);
        RunSpec taker = Fixtures.spec("foggy", "ab", "adabn", 1);
        RunSpec other = Fixtures.spec("foggy", "so", "source-only", 2);
        CountingRunner sourceOnly = new CountingRunner(true);
        TakingRunner adabn = new TakingRunner(provider, tmp);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExperimentRunner runner = new ExperimentRunner(MethodRunners.of(Map.of("source-only", sourceOnly, "adabn", adabn)),
                new PrintStream(log, true, StandardCharsets.UTF_8)).polling(java.time.Duration.ofMillis(20));
        RunClaims.Claim held = RunClaims.tryClaim(tmp, provider.id()).orElseThrow(); // "another runner" trains it
        java.util.concurrent.CountDownLatch otherDone = new java.util.concurrent.CountDownLatch(1);
        Thread otherRunner = new Thread(() -> {
            try {
                // it finishes only after this runner has made the other source-only run
                while (!ExperimentRunner.finished(ExperimentRunner.runDir(tmp, other))) {
                    Thread.sleep(5);
                }
                Thread.sleep(100);
                Fixtures.result(provider, 0.5, Map.of("car", 0.5), 3.0).write(ExperimentRunner.runDir(tmp, provider));
                held.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                otherDone.countDown();
            }
        });
        otherRunner.start();
        ExperimentRunner.Summary s = runner.run(List.of(provider, taker, other), tmp);
        otherDone.await();
        assertThat(sourceOnly.calls).as("the provider is left to the other runner").containsExactly(other.id());
        assertThat(adabn.calls).containsExactly(taker.id());
        assertThat(adabn.providerFinishedWhenRun).as("the taker ran after its provider finished").containsExactly(true);
        assertThat(s.completed()).containsExactly(other.id(), taker.id());
        assertThat(s.busy()).containsExactly(provider.id());
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("foggy/ab/seed1 would take the training of foggy/so/seed1,"
                + " which another runner is training: put back").contains("waiting for foggy/so/seed1");
    }

    @Test
    void aPutBackRunWhoseProviderIsAbandonedMakesTheProviderItself() throws Exception {
        RunSpec provider = Fixtures.spec("foggy", "so", "source-only", 1);
        RunSpec taker = Fixtures.spec("foggy", "ab", "adabn", 1);
        CountingRunner sourceOnly = new CountingRunner(true);
        TakingRunner adabn = new TakingRunner(provider, tmp);
        ExperimentRunner runner = new ExperimentRunner(MethodRunners.of(Map.of("source-only", sourceOnly, "adabn", adabn)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .polling(java.time.Duration.ofMillis(20));
        RunClaims.Claim held = RunClaims.tryClaim(tmp, provider.id()).orElseThrow();
        Thread stops = new Thread(() -> {
            try {
                Thread.sleep(150);
                held.close(); // the other runner ends without finishing it
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stops.start();
        ExperimentRunner.Summary s = runner.run(List.of(provider, taker), tmp);
        stops.join();
        assertThat(sourceOnly.calls).containsExactly(provider.id());
        assertThat(adabn.providerFinishedWhenRun).containsExactly(true);
        assertThat(s.completed()).containsExactly(provider.id(), taker.id());
        assertThat(s.busy()).isEmpty();
    }

    @Test
    void anAdabnRunWhoseConfigCannotBeResolvedFailsAloneAndTheOthersRun() throws Exception {
        RunSpec bad = new RunSpec(RunSpec.id("foggy", "ab", 1), "foggy", ScenarioSpec.synth("foggy", List.of()), "ab",
                new VariantSpec("ab", "adabn", null, Map.of()), 1, 10, tmp.resolve("no-such-config.yaml"), Map.of());
        RunSpec other = Fixtures.spec("foggy", "so", "source-only", 2);
        CountingRunner sourceOnly = new CountingRunner(true);
        ExperimentRunner.Summary s = new ExperimentRunner(MethodRunners.of(Map.of("source-only", sourceOnly,
                "adabn", new AdabnRunner("test"))), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).run(List.of(bad, other), tmp);
        assertThat(s.failed()).containsOnlyKeys(bad.id());
        assertThat(sourceOnly.calls).containsExactly(other.id());
    }

    @Test
    void everyMethodHasABuiltInRunnerAndUnknownOnesAreNamed() {
        MethodRunners builtIn = MethodRunners.builtIn();
        for (String m : ExperimentSpec.METHODS) {
            assertThat(builtIn.get(m).method()).isEqualTo(m);
        }
        assertThat(builtIn.get("source-only").supportsResume()).isTrue();
        assertThat(builtIn.get("scda").supportsResume()).isTrue();
        assertThat(builtIn.get("da-faster").supportsResume()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builtIn.get("magic"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("no runner for method 'magic'");
    }
}
