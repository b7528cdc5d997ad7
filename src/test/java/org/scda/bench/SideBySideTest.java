package org.scda.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.engine.Benchmark;

/** Alternation order, block sizes, medians and ratios, with stand-ins that return fixed times. */
class SideBySideTest {

    /** Returns {@code trainMs} / {@code inferMs} for every iteration and logs each call as "name op n". */
    private record Fake(String name, double trainMs, double inferMs, List<String> log) implements SideBySide.Timed {
        @Override
        public double[] train(int n) {
            log.add(name + " train " + n);
            double[] out = new double[n];
            Arrays.fill(out, trainMs);
            return out;
        }

        @Override
        public double[] infer(int n) {
            log.add(name + " infer " + n);
            double[] out = new double[n];
            Arrays.fill(out, inferMs);
            return out;
        }
    }

    @Test
    void warmsUpBothThenAlternatesWhichSideGoesFirst() {
        List<String> log = new ArrayList<>();
        SideBySide.Plan plan = new SideBySide.Plan(2, 1, 5, 3, 3);

        SideBySide.run(new Fake("scda", 1, 1, log), new Fake("torch", 1, 1, log), plan);

        assertThat(log).containsExactly(
                "scda train 2", "scda infer 1", "torch train 2", "torch infer 1",
                "scda train 2", "torch train 2", "scda infer 1", "torch infer 1",
                "torch train 2", "scda train 2", "torch infer 1", "scda infer 1",
                "scda train 1", "torch train 1", "scda infer 1", "torch infer 1");
    }

    @Test
    void timesKeepEachSideApartAndTheRatioIsScdaOverTorch() {
        List<String> log = new ArrayList<>();

        SideBySide.Times t = SideBySide.run(new Fake("scda", 40, 10, log), new Fake("torch", 50, 20, log),
                new SideBySide.Plan(1, 1, 7, 4, 3));

        assertThat(t.scdaTrain()).hasSize(7).containsOnly(40.0);
        assertThat(t.torchTrain()).hasSize(7).containsOnly(50.0);
        assertThat(t.scdaInfer()).hasSize(4).containsOnly(10.0);
        assertThat(t.torchInfer()).hasSize(4).containsOnly(20.0);
        assertThat(t.trainRatio()).isCloseTo(0.8, within(1e-12));
        assertThat(t.inferRatio()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void mediansOfOddAndEvenCounts() {
        SideBySide.Times t = new SideBySide.Times(new double[] {5, 1, 3}, new double[] {4, 1, 3, 2},
                new double[] {7}, new double[] {2, 8});

        assertThat(t.scdaTrainMedian()).isEqualTo(3.0);
        assertThat(t.torchTrainMedian()).isEqualTo(2.5);
        assertThat(t.trainRatio()).isCloseTo(1.2, within(1e-12));
        assertThat(t.inferRatio()).isCloseTo(1.4, within(1e-12));
        assertThat(Benchmark.median(new double[0])).isNaN();
    }

    @Test
    void splitIsEvenLargerFirstAndNeverEmpty() {
        assertThat(SideBySide.split(10, 4)).containsExactly(3, 3, 2, 2);
        assertThat(SideBySide.split(2, 5)).containsExactly(1, 1);
        assertThat(SideBySide.split(300, 5)).containsExactly(60, 60, 60, 60, 60);
        assertThat(SideBySide.split(1, 1)).containsExactly(1);
    }
}
