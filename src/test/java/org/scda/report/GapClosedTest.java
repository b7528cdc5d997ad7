package org.scda.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scda.experiment.RunResult;
import org.scda.experiment.Scores;

/**
 * The "gap closed" column: (method - source-only) / (oracle - source-only) of seed means, the
 * source-only reference on the row's own backbone and without strong augmentation.
 */
class GapClosedTest {

    private static RunResult run(String variant, String method, String backbone, String augment, double map) {
        Map<String, Object> input = Map.of("augment", augment);
        return new RunResult("s/" + variant + "/seed1", "s", variant, variant, method, 1, 10, 0, 1, 1, "c", Map.of(),
                Map.of("model", Map.of("backbone", backbone, "input", input)), null, "last", 10,
                new Scores("t", "VOC07", map, Map.of()), new Scores("s", "VOC07", 0.5, Map.of()), Map.of(), "now");
    }

    @Test
    void theFractionOfTheGapBetweenSourceOnlyAndOracle() {
        assertThat(GapClosed.of(0.4, 0.2, 0.6)).isCloseTo(0.5, within(1e-12));
        assertThat(GapClosed.of(0.1, 0.2, 0.6)).as("worse than source-only").isCloseTo(-0.25, within(1e-12));
        assertThat(GapClosed.of(0.4, 0.6, 0.6)).as("no gap").isNaN();
        assertThat(GapClosed.of(Double.NaN, 0.2, 0.6)).isNaN();
        assertThat(GapClosed.format(0.734)).isEqualTo("73%");
        assertThat(GapClosed.format(Double.NaN)).isEqualTo("-");
        assertThat(GapClosed.format(-0.001)).as("camera 2's Type2, 45.7 against 45.7").isEqualTo("0%");
        assertThat(GapClosed.format(-0.114)).isEqualTo("-11%");
    }

    @Test
    void eachRowIsMeasuredFromSourceOnlyOnItsOwnBackbone() {
        List<RunResult> all = List.of(
                run("source-only", "source-only", "small", "none", 0.20),
                run("source-only-strong", "source-only", "small", "strong", 0.30),
                run("source-only-nobn", "source-only", "small-nobn", "none", 0.10),
                run("oracle", "oracle", "small", "none", 0.60),
                run("adabn", "adabn", "small", "none", 0.50),
                run("type2-nobn", "scda", "small-nobn", "none", 0.35));

        assertThat(GapClosed.forRows(List.of(all.get(4)), all)).isEqualTo("75%");
        assertThat(GapClosed.forRows(List.of(all.get(1)), all)).as("strong augmentation is a row, not the reference")
                .isEqualTo("25%");
        assertThat(GapClosed.forRows(List.of(all.get(5)), all)).as("(0.35 - 0.10) / (0.60 - 0.10)").isEqualTo("50%");
        assertThat(GapClosed.forRows(List.of(all.get(0)), all)).isEqualTo("0%");
        assertThat(GapClosed.forRows(List.of(), all)).isEqualTo("-");
    }
}
