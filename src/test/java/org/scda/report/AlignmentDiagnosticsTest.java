package org.scda.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.experiment.RunResult;
import org.scda.experiment.Scores;

/**
 * The alignment diagnostics table: gradient push and direction from the diagnosed lines only,
 * discriminator losses from the last quarter of the aligned lines, Wt's first and last aligned
 * values, and the effect sizes of a run's domain-gap file.
 */
class AlignmentDiagnosticsTest {

    @TempDir
    Path dir;

    private static Map<String, Double> line(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    /** Warm-up lines without alignment, 8 aligned lines (d_source = its index), two diagnosed lines, an eval line. */
    private static List<Map<String, Double>> metrics() {
        List<Map<String, Double>> m = new ArrayList<>();
        m.add(line("iteration", 10, "loss", 2.0));
        m.add(line("iteration", 20, "loss", 1.5));
        for (int i = 1; i <= 8; i++) {
            m.add(line("iteration", 20 + 10 * i, "loss", 1.0, "align.d_source", i, "align.d_target", 10 * i,
                    "align.wt_mean", 1.0 / i));
            if (i == 2 || i == 6) {
                m.add(line("iteration", 20 + 10 * i, "diag.iteration", 20 + 10 * i, "diag.d_source", 99.0,
                        "diag.ratio.backbone", i == 2 ? 0.01 : 0.03, "diag.cos.backbone", i == 2 ? -0.2 : 0.4,
                        "diag.sum_cos.backbone", i == 2 ? -0.2 : 0.1, "diag.ratio.roi", 5.0));
            }
        }
        m.add(line("iteration", 100, "source_val.mAP", 0.5, "target_val.mAP", 0.2));
        return m;
    }

    @Test
    void eachQuantityComesFromItsOwnLines() throws Exception {
        Path gap = dir.resolve("domain_gap.json");
        Files.writeString(gap, "{\"levels\":{\"backbone\":{\"mean_effect_size\":4.5},\"roi\":{\"mean_effect_size\":1.25}}}");

        AlignmentDiagnostics.Run r = AlignmentDiagnostics.of(metrics(), gap);

        assertThat(r.ratio()).isCloseTo(0.02, within(1e-12));
        assertThat(r.cosine()).isCloseTo(0.1, within(1e-12));
        assertThat(r.sumCosine()).as("the last diagnosis's running sum").isCloseTo(0.1, within(1e-12));
        assertThat(r.dSource()).as("last quarter of 8 aligned lines: 7 and 8, never the diagnosed 99")
                .isCloseTo(7.5, within(1e-12));
        assertThat(r.dTarget()).isCloseTo(75, within(1e-12));
        assertThat(r.wtFirst()).isCloseTo(1.0, within(1e-12));
        assertThat(r.wtLast()).isCloseTo(0.125, within(1e-12));
        assertThat(r.roiEffect()).isEqualTo(1.25);
        assertThat(r.backboneEffect()).isEqualTo(4.5);
    }

    @Test
    void aRunWithoutAlignmentHasNothingButItsDomainGap() throws Exception {
        AlignmentDiagnostics.Run none = AlignmentDiagnostics.of(List.of(line("iteration", 10, "loss", 1.0)),
                dir.resolve("missing.json"));
        assertThat(none.any()).isFalse();
        assertThat(none.ratio()).isNaN();
        assertThat(none.wtFirst()).isNaN();

        Path gap = dir.resolve("gap.json");
        Files.writeString(gap, "{\"levels\":{\"roi\":{\"mean_effect_size\":2.0}}}");
        AlignmentDiagnostics.Run onlyGap = AlignmentDiagnostics.of(List.of(), gap);
        assertThat(onlyGap.any()).isTrue();
        assertThat(onlyGap.roiEffect()).isEqualTo(2.0);
        assertThat(onlyGap.backboneEffect()).isNaN();

        Files.writeString(gap, "not json");
        assertThat(AlignmentDiagnostics.of(List.of(), gap).any()).as("an unreadable file counts as none").isFalse();
    }

    @Test
    void theTableAveragesSeedsAndSkipsVariantsWithNothingToShow() throws Exception {
        writeRun("type2", "scda", 1, 0.30, metrics());
        writeRun("type2", "scda", 2, 0.50, metrics());
        writeRun("source-only", "source-only", 1, 0.20, List.of(line("iteration", 10, "loss", 1.0)));
        Path gap = dir.resolve("s/type2/seed2/domain_gap.json");
        Files.writeString(gap, "{\"levels\":{\"roi\":{\"mean_effect_size\":3.0}}}");

        Document.Table t = AlignmentDiagnostics.table(RunCollection.load(dir));

        assertThat(t.rows()).hasSize(1);
        List<String> row = t.rows().get(0);
        assertThat(row.subList(0, 5)).containsExactly("s", "type2", "2", "60.0 ± 0.0", "40.0 ± 14.1");
        assertThat(row.get(5)).isEqualTo("0.0200");
        assertThat(row.get(10)).isEqualTo("1.00 → 0.13");
        assertThat(row.get(11)).as("the one seed with a file").isEqualTo("3.00");
        assertThat(row.get(12)).isEqualTo("-");
    }

    private void writeRun(String variant, String method, int seed, double targetMap, List<Map<String, Double>> lines)
            throws Exception {
        Path run = dir.resolve("s/" + variant + "/seed" + seed);
        new RunResult("s/" + variant + "/seed" + seed, "s", variant, variant, method, seed, 10, 0, 1, 1, "c", Map.of(),
                Map.of(), null, "last", 10, new Scores("t", "VOC07", targetMap, Map.of()),
                new Scores("s", "VOC07", 0.6, Map.of()), Map.of(), "now").write(run);
        StringBuilder b = new StringBuilder();
        for (Map<String, Double> l : lines) {
            b.append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(l)).append('\n');
        }
        Files.writeString(run.resolve("metrics.jsonl"), b.toString());
    }
}
