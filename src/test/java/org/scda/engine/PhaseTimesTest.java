package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Phase times: means per regime, ms per iteration of the regime, nesting order and the table. */
class PhaseTimesTest {

    private static PhaseTimes twoRegimes() {
        PhaseTimes t = new PhaseTimes();
        for (int i = 0; i < 4; i++) { // four source-only iterations of 10 ms, 6 of them forward
            t.addNanos("forward", 6_000_000);
            t.addNanos(PhaseTimes.ITERATION, 10_000_000);
        }
        t.regime(PhaseTimes.ADAPTATION);
        for (int i = 0; i < 2; i++) { // two adaptation iterations of 25 ms
            t.addNanos("after update: teacher EMA", 1_000_000); // a child seen before its parent
            t.addNanos("after update", 3_000_000);
            t.addNanos("forward", 6_000_000);
            t.addNanos(PhaseTimes.ITERATION, 25_000_000);
        }
        t.addNanos("after update: teacher EMA", 2_000_000); // a third time in two iterations
        return t;
    }

    @Test
    void meansArePerRegimeAndPerIterationCountsRepeats() {
        List<PhaseTimes.Phase> phases = twoRegimes().phases();
        assertThat(phases).extracting(PhaseTimes.Phase::regime).containsExactly(PhaseTimes.SOURCE_ONLY,
                PhaseTimes.SOURCE_ONLY, PhaseTimes.ADAPTATION, PhaseTimes.ADAPTATION, PhaseTimes.ADAPTATION,
                PhaseTimes.ADAPTATION);
        assertThat(phases).extracting(PhaseTimes.Phase::name).containsExactly("forward", PhaseTimes.ITERATION,
                "after update", "after update: teacher EMA", "forward", PhaseTimes.ITERATION);
        PhaseTimes.Phase ema = phases.get(3);
        assertThat(ema.count()).isEqualTo(3);
        assertThat(ema.meanMs()).isEqualTo(4.0 / 3);
        assertThat(ema.perIterationMs()).as("4 ms over 2 iterations").isEqualTo(2.0);
        Map<String, Map<String, Double>> ms = twoRegimes().perIterationMs();
        assertThat(ms.get(PhaseTimes.SOURCE_ONLY)).containsEntry("forward", 6.0).containsEntry(PhaseTimes.ITERATION, 10.0);
        assertThat(ms.get(PhaseTimes.ADAPTATION)).containsEntry(PhaseTimes.ITERATION, 25.0);
    }

    @Test
    void theTableIndentsInnerPhasesAndGivesTheCostRatio() {
        String table = twoRegimes().table();
        assertThat(table).contains("source-only iterations:").contains("adaptation iterations:")
                .containsPattern("\n  after update +3\\.0 ms +12\\.0%")
                .containsPattern("\n    teacher EMA +2\\.0 ms +8\\.0%")
                .endsWith("an adaptation iteration costs 2.50 source-only iterations\n");
        assertThat(PhaseTimes.table(Map.of(PhaseTimes.SOURCE_ONLY, Map.of(PhaseTimes.ITERATION, 10.0))))
                .as("no ratio with one regime").doesNotContain("costs");
    }
}
