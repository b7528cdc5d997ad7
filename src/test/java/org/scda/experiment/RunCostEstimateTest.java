package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expected wall time of runs to make, from finished runs: by variant, else method, else all; this processor's first. */
class RunCostEstimateTest {
    @TempDir
    Path tmp;

    private static RunCostEstimate.Finished f(String variant, String method, double seconds) {
        return new RunCostEstimate.Finished(variant, method, seconds);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(RunCostEstimate.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(RunCostEstimate.median(List.of(4.0, 1.0, 3.0, 10.0))).isEqualTo(3.5);
    }

    @Test
    void aRunTakesItsVariantsMedianElseItsMethodsElseAllRuns() {
        RunCostEstimate cost = RunCostEstimate.of(List.of(f("adabn", "adabn", 20), f("adabn", "adabn", 340),
                f("adabn", "adabn", 25), f("type2", "scda", 420), f("type2-nobn", "scda", 400),
                f("source-only", "source-only", 250)));
        assertThat(cost.seconds("adabn", "adabn")).hasValue(25); // not the mean, 128: one run trained, two reused
        assertThat(cost.seconds("type2-ramp", "scda")).hasValue(410); // no such variant yet: its method's
        assertThat(cost.seconds("mean-teacher", "mean-teacher")).hasValue(295); // neither: all six runs'
        assertThat(RunCostEstimate.of(List.of()).seconds("x", "y")).isEmpty();
    }

    @Test
    void aVariantsOwnTimeWinsOverItsMethodsOthers() {
        // the paper's alignment and its three-block generator: one method, other costs
        RunCostEstimate cost = RunCostEstimate.of(List.of(f("type2", "scda", 10), f("type2-big", "scda", 1000),
                f("type2-big", "scda", 1200)));
        assertThat(cost.seconds("type2", "scda")).hasValue(10);
        assertThat(cost.seconds("type2-big", "scda")).hasValue(1100);
        assertThat(cost.seconds("type2-ramp", "scda")).hasValue(1000);
    }

    private static RunCostEstimate.Finished f(String variant, String method, double seconds, String cpu) {
        return new RunCostEstimate.Finished(variant, method, seconds, cpu);
    }

    @Test
    void thisProcessorsRunsCountFirstAndTheOthersAreScaledByItsSpeed() {
        // a slow machine ("zen3") has made source-only and oracle runs, 3x and 2x as long as on "zen5"
        RunCostEstimate cost = RunCostEstimate.of(List.of(f("so", "source-only", 100, "zen5"),
                f("so", "source-only", 300, "zen3"), f("oracle", "source-only", 90, "zen5"),
                f("oracle", "source-only", 180, "zen3"), f("t2", "scda", 400, "zen5"), f("t2", "scda", 420, null),
                f("mt", "mean-teacher", 500, "zen5")), "zen3");
        assertThat(cost.speedRatio()).isEqualTo(2.5); // median of 3 and 2
        assertThat(cost.seconds("so", "source-only")).hasValue(300); // its own, not the median of 100 and 300
        assertThat(cost.seconds("t2", "scda")).hasValue(1025); // 410 elsewhere (unknown counts as elsewhere), x2.5
        assertThat(cost.seconds("so-nobn", "source-only")).hasValue(240); // its method here: 300 and 180
        assertThat(cost.seconds("t2-nobn", "scda")).hasValue(1025); // its method elsewhere, scaled
        assertThat(cost.seconds("adabn", "adabn")).hasValue(240); // neither: every run made here
        // the same runs for the fast machine: its own times, the slow ones' scaled down
        RunCostEstimate fast = RunCostEstimate.of(List.of(f("so", "source-only", 100, "zen5"),
                f("so", "source-only", 300, "zen3"), f("dt", "da-faster", 600, "zen3")), "zen5");
        assertThat(fast.speedRatio()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(fast.seconds("dt", "da-faster").getAsDouble()).isCloseTo(200, within(1e-9));
    }

    @Test
    void withoutAProcessorOrWithNoSharedVariantRunsCountAlike() {
        List<RunCostEstimate.Finished> runs = List.of(f("so", "source-only", 100, "zen5"),
                f("so", "source-only", 300, "zen3"), f("so", "source-only", 200, null));
        assertThat(RunCostEstimate.of(runs).seconds("so", "source-only")).hasValue(200);
        assertThat(RunCostEstimate.of(runs, "unknown").seconds("so", "source-only")).hasValue(200);
        RunCostEstimate newMachine = RunCostEstimate.of(runs, "zen4");
        assertThat(newMachine.speedRatio()).isEqualTo(1);
        assertThat(newMachine.seconds("so", "source-only")).hasValue(200);
        // a run finished here joins this processor's pool and sets the ratio
        RunCostEstimate after = newMachine.plus(f("so", "source-only", 50, "zen4"));
        assertThat(after.seconds("so", "source-only")).hasValue(50);
        assertThat(after.seconds("t2", "scda")).hasValue(50);
        assertThat(after.speedRatio()).isEqualTo(0.25);
    }

    @Test
    void runsToMakeAreSummedAndSharedByTheRunners() {
        RunCostEstimate cost = RunCostEstimate.of(List.of(f("so", "source-only", 100), f("t2", "scda", 300)));
        List<RunSpec> todo = List.of(Fixtures.spec("foggy", "so", "source-only", 2),
                Fixtures.spec("foggy", "t2", "scda", 2), Fixtures.spec("camera", "t2", "scda", 1));
        assertThat(cost.seconds(todo, 1)).hasValue(700);
        assertThat(cost.seconds(todo, 2)).hasValue(350);
        assertThat(RunCostEstimate.of(List.of()).seconds(todo, 2)).isEmpty();
        assertThat(cost.plus(f("so", "source-only", 300)).seconds("so", "source-only")).hasValue(200);
    }

    @Test
    void scanReadsEveryFinishedRunOfAFolderAndNothingElse() throws Exception {
        RunSpec a = Fixtures.spec("foggy", "so", "source-only", 1);
        RunSpec b = Fixtures.spec("camera", "t2", "scda", 2);
        Fixtures.result(a, 0.5, Map.of("car", 0.5), 120).write(tmp.resolve(a.id()));
        Fixtures.result(b, 0.5, Map.of("car", 0.5), 480).write(tmp.resolve(b.id()));
        Files.createDirectories(tmp.resolve("camera/t2/seed3")); // unfinished: no result.json
        Files.writeString(tmp.resolve("camera/t2/seed3/model_last.ckpt"), "x");
        Files.createDirectories(tmp.resolve("foggy/so/seed4"));
        Files.writeString(tmp.resolve("foggy/so/seed4/result.json"), "{not json"); // unreadable: left out
        Files.createDirectories(tmp.resolve("foggy/so/seed5"));
        Files.writeString(tmp.resolve("foggy/so/seed5/result.json"), "{}"); // no method, variant, time: left out
        RunSpec staged = Fixtures.spec("foggy", "so", "source-only", 6); // a --reuse copy not yet moved in
        Fixtures.result(staged, 0.5, Map.of("car", 0.5), 999).write(tmp.resolve(".reuse-staging").resolve(staged.id()));
        RunCostEstimate cost = RunCostEstimate.scan(tmp);
        assertThat(cost.finishedRuns()).isEqualTo(2);
        assertThat(cost.seconds("so", "source-only")).hasValue(120);
        assertThat(cost.seconds("t2", "scda")).hasValue(480);
        assertThat(RunCostEstimate.scan(tmp.resolve("missing")).finishedRuns()).isZero();
    }

    @Test
    void scanReadsEachRunsProcessorFromItsProvenance() throws Exception {
        RunSpec fast = Fixtures.spec("foggy", "so", "source-only", 1);
        RunSpec slow = Fixtures.spec("foggy", "so", "source-only", 2);
        RunSpec other = Fixtures.spec("foggy", "t2", "scda", 1);
        Fixtures.result(fast, 0.5, Map.of("car", 0.5), 100).write(tmp.resolve(fast.id()));
        Fixtures.result(slow, 0.5, Map.of("car", 0.5), 300).write(tmp.resolve(slow.id()));
        Fixtures.result(other, 0.5, Map.of("car", 0.5), 400).write(tmp.resolve(other.id()));
        setCpu(tmp.resolve(fast.id()), "zen5");
        setCpu(tmp.resolve(slow.id()), "zen3");
        RunCostEstimate cost = RunCostEstimate.scan(tmp, "zen3");
        assertThat(cost.cpu()).isEqualTo("zen3");
        assertThat(cost.seconds("so", "source-only")).hasValue(300);
        assertThat(cost.seconds("t2", "scda")).hasValue(1200); // no processor recorded: another one, 3x faster
        assertThat(RunCostEstimate.scan(tmp, "unknown").seconds("so", "source-only")).hasValue(200);
    }

    private static void setCpu(Path run, String cpu) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path file = run.resolve(RunResult.FILE);
        ObjectNode root =
                (ObjectNode) json.readTree(file.toFile());
        ((ObjectNode) root.get("versions")).put("cpu", cpu);
        json.writeValue(file.toFile(), root);
    }
}
