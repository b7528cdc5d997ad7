package org.scda.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scda.experiment.RunResult;
import org.scda.experiment.ScenarioSpec;
import org.scda.experiment.Scores;

/**
 * Target-val mAP against shift strength: built-in pairs grouped by scenario, strength from the
 * spec ({@code @S}, none = 1), seeds averaged per label, the gap closed per strength, labels
 * in the experiment's order; scenarios at one strength and other datasets have no curve.
 */
class ShiftCurvesTest {

    private static RunResult run(String spec, String label, String method, long seed, double map) {
        String source = spec + "/source/train";
        return new RunResult(spec + "/" + label + "/seed" + seed, spec, label, label, method, seed, 10, 0, 1, 1, "c",
                Map.of(), Map.of("model", Map.of("backbone", "small")),
                new ScenarioSpec(source, source, source, source, null, Map.of()), "last", 10,
                new Scores("t", "VOC07", map, Map.of()), new Scores("s", "VOC07", 0.5, Map.of()), Map.of(), "now");
    }

    @Test
    void theStrengthComesFromTheSpecAndAPairWithoutOneIsTheDefault() {
        assertThat(ShiftCurves.pair("synth:foggy@0.3/target/val")).isEqualTo(new ShiftCurves.Pair("foggy", 0.3));
        assertThat(ShiftCurves.pair("synth:sim2real/source/train")).isEqualTo(new ShiftCurves.Pair("sim2real", 1.0));
        assertThat(ShiftCurves.pair("coco:/data/x.json")).isNull();
        assertThat(ShiftCurves.format(1.0)).isEqualTo("1");
        assertThat(ShiftCurves.format(0.25)).isEqualTo("0.25");
    }

    @Test
    void seedsAreAveragedPerStrengthAndEachPointSaysHowMuchOfTheGapItCloses() {
        List<RunResult> runs = List.of(
                run("synth:foggy@0.5", "AdaBN", "adabn", 1, 0.40), run("synth:foggy@0.5", "AdaBN", "adabn", 2, 0.50),
                run("synth:foggy@0.5", "Source-only", "source-only", 1, 0.20),
                run("synth:foggy@0.5", "Oracle", "oracle", 1, 0.80),
                run("synth:foggy", "Source-only", "source-only", 1, 0.05),
                run("synth:foggy", "Oracle", "oracle", 1, 0.75),
                run("synth:camera@0.5", "Source-only", "source-only", 1, 0.5),
                run("coco:/x", "Source-only", "source-only", 1, 0.5));

        List<ShiftCurves.Curves> all = ShiftCurves.of(runs, List.of("Source-only", "AdaBN", "Oracle"));

        assertThat(all).hasSize(1);
        ShiftCurves.Curves foggy = all.get(0);
        assertThat(foggy.scenario()).isEqualTo("foggy");
        assertThat(foggy.strengths()).containsExactly(0.5, 1.0);
        assertThat(foggy.labels()).containsExactly("Source-only", "AdaBN", "Oracle");
        assertThat(foggy.stats().get("AdaBN").get(0.5).mean()).isCloseTo(0.45, within(1e-12));
        assertThat(foggy.stats().get("AdaBN").get(0.5).n()).isEqualTo(2);
        assertThat(foggy.stats().get("AdaBN")).doesNotContainKey(1.0);
        assertThat(foggy.gapClosed().get("AdaBN").get(0.5)).isEqualTo("42%");
        Document.Table t = ShiftCurves.table(foggy);
        assertThat(t.header()).containsExactly("Method", "strength 0.5", "strength 1");
        // cells of 1 and 2 seeds in one table: each says how many
        assertThat(t.rows().get(1)).containsExactly("AdaBN", "45.0 ± 7.1 (42%, 2 seeds)", "");
        assertThat(t.rows().get(0)).containsExactly("Source-only", "20.0 (0%, 1 seed)", "5.0 (0%, 1 seed)");
    }

    @Test
    void whenEveryCellHasTheSameSeedsNoCellRepeatsIt() {
        List<RunResult> runs = List.of(
                run("synth:foggy@0.5", "Source-only", "source-only", 1, 0.20),
                run("synth:foggy@0.5", "Oracle", "oracle", 1, 0.80),
                run("synth:foggy", "Source-only", "source-only", 1, 0.05));
        Document.Table t = ShiftCurves.table(ShiftCurves.of(runs, List.of()).get(0));
        assertThat(t.rows()).containsExactly(List.of("Source-only", "20.0 (0%)", "5.0"), List.of("Oracle", "80.0 (100%)", ""));
        // a cell with no number (a run whose mAP is undefined) does not count as another seed count
        List<RunResult> withNaN = new java.util.ArrayList<>(runs);
        withNaN.add(run("synth:foggy", "Oracle", "oracle", 1, Double.NaN));
        assertThat(ShiftCurves.table(ShiftCurves.of(withNaN, List.of()).get(0)).rows())
                .containsExactly(List.of("Source-only", "20.0 (0%)", "5.0"), List.of("Oracle", "80.0 (100%)", "-"));
    }
}
