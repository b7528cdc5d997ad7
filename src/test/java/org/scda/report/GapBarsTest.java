package org.scda.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.experiment.RunResult;
import org.scda.experiment.Scores;
import org.scda.viz.Charts;

/**
 * The gap-closed chart's data: per scenario with both references, every other variant's gap
 * closed by its mean and the spread of its per-seed gaps against the same seed's references.
 */
class GapBarsTest {
    @TempDir
    Path tmp;

    private static RunCollection.Run run(String scenario, String variant, String method, String backbone, long seed,
                                         double map) {
        Map<String, Object> model = Map.of("backbone", backbone, "input", Map.of("augment", "none"));
        RunResult r = new RunResult(scenario + "/" + variant + "/seed" + seed, scenario, variant, "label " + variant,
                method, seed, 10, 0, 1, 1, "c", Map.of(), Map.of("model", model), null, "last", 10,
                new Scores("t", "VOC07", map, Map.of()), new Scores("s", "VOC07", 0.5, Map.of()), Map.of(), "now");
        return new RunCollection.Run(Path.of(scenario, variant, "seed" + seed), r);
    }

    private static RunCollection collection() {
        List<RunCollection.Run> runs = new ArrayList<>();
        // foggy: source-only 0.2 / 0.4, oracle 0.6 / 0.8 on seeds 1 / 2; the teacher 0.5 / 0.6
        runs.add(run("foggy", "source-only", "source-only", "small", 1, 0.2));
        runs.add(run("foggy", "source-only", "source-only", "small", 2, 0.4));
        runs.add(run("foggy", "oracle", "oracle", "small", 1, 0.6));
        runs.add(run("foggy", "oracle", "oracle", "small", 2, 0.8));
        runs.add(run("foggy", "teacher", "mean-teacher", "small", 1, 0.5));
        runs.add(run("foggy", "teacher", "mean-teacher", "small", 2, 0.6));
        // without BatchNorm: measured from its own source-only (0.1), one seed
        runs.add(run("foggy", "source-only-nobn", "source-only", "small-nobn", 1, 0.1));
        runs.add(run("foggy", "teacher-nobn", "mean-teacher", "small-nobn", 1, 0.35));
        // camera: a teacher, but no oracle: no gap to close, left out
        runs.add(run("camera", "source-only", "source-only", "small", 1, 0.5));
        runs.add(run("camera", "teacher", "mean-teacher", "small", 1, 0.7));
        return new RunCollection(Path.of("runs"), null, runs);
    }

    @Test
    void eachMethodsGapByItsMeanAndTheSpreadOfItsSeeds() {
        GapBars.Bars bars = GapBars.of(collection());
        assertThat(bars.scenarios()).containsExactly("foggy");
        assertThat(bars.labels()).containsExactly("label teacher", "label teacher-nobn");
        // means: (0.55 - 0.3) / (0.7 - 0.3) = 62.5%; per seed 75% and 50%
        assertThat(bars.closed().get("label teacher").get("foggy")).isCloseTo(0.625, within(1e-12));
        assertThat(bars.spread().get("label teacher").get("foggy")).isCloseTo(Math.sqrt(0.03125), within(1e-12));
        // (0.35 - 0.1) / (0.7 - 0.1): its own backbone's source-only, the oracle's mean; one seed has no spread
        assertThat(bars.closed().get("label teacher-nobn").get("foggy")).isCloseTo(0.25 / 0.6, within(1e-12));
        assertThat(bars.spread().get("label teacher-nobn")).isNull();
    }

    @Test
    void aSeedWithoutItsOwnReferencesHasNoPerSeedGap() {
        RunCollection c = collection();
        List<RunResult> all = c.runs().stream().map(RunCollection.Run::result).filter(r -> r.scenario().equals("foggy"))
                .toList();
        RunResult seed3 = run("foggy", "teacher", "mean-teacher", "small", 3, 0.9).result();
        assertThat(GapBars.perSeed(List.of(seed3), all)).isEmpty();
        assertThat(GapBars.perSeed(List.of(all.get(4)), all)).containsExactly(0.75);
    }

    @Test
    void theChartIsWrittenWhenThereIsABarAndNotOtherwise() throws Exception {
        Path file = tmp.resolve("gap.png");
        assertThat(Charts.bars(file, "t", "%", List.of("a", "b"), Map.of("x", new double[] {Double.NaN, Double.NaN}),
                Map.of(), -50)).isFalse();
        assertThat(file).doesNotExist();
        assertThat(Charts.bars(file, "t", "%", List.of("a", "b"), Map.of("x", new double[] {40, -300}),
                Map.of("x", new double[] {5, Double.NaN}), -50)).isTrue();
        assertThat(Files.size(file)).isGreaterThan(1000);
    }
}
