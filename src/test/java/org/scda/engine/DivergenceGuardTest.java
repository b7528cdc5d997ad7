package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.config.DivergenceConfig;

/** The divergence guard's judgement of loss sequences (no engine). */
class DivergenceGuardTest {

    private static DivergenceGuard guard(double factor, int window, int skipStreak) {
        return new DivergenceGuard(new DivergenceConfig(factor, window, skipStreak, 3));
    }

    @Test
    void aNonFiniteLossIsDivergenceFromTheFirstIteration() {
        DivergenceGuard g = guard(100, 10, 5);
        assertThat(g.observe(Double.NaN, true)).contains("the loss is NaN");
        assertThat(g.observe(Double.POSITIVE_INFINITY, false)).contains("the loss is Infinity");
        assertThat(g.recentLosses()).isEmpty();
    }

    @Test
    void aLossOverTheFactorTimesTheRunningMedianIsAnExplosionAndStaysOutOfTheMedian() {
        DivergenceGuard g = guard(100, 10, 5);
        for (double loss : new double[] {2.0, 3.0, 1.0, 200.0}) {
            assertThat(g.observe(loss, false)).as("loss %s", loss).isEmpty();
        }
        assertThat(g.median()).isEqualTo(2.5);
        assertThat(g.largestRatio()).as("200 over the median 2 of 2, 3, 1: at the factor, not over it")
                .isEqualTo(100.0);
        assertThat(g.observe(251.0, false)).as("251 is 100.4 times 2.5").hasValueSatisfying(why ->
                assertThat(why).contains("loss 251", "100 times the median 2.50", "last 4 healthy iterations",
                        "divergence.lossFactor 100"));
        assertThat(g.recentLosses()).containsExactly(2.0, 3.0, 1.0, 200.0);
        assertThat(g.observe(249.0, false)).isEmpty();
    }

    @Test
    void theMedianIsTakenOverTheLastWindowOfHealthyLosses() {
        DivergenceGuard g = guard(10, 3, 5);
        for (double loss : new double[] {100, 100, 100, 1, 1, 1}) {
            assertThat(g.observe(loss, false)).isEmpty();
        }
        assertThat(g.recentLosses()).containsExactly(1.0, 1.0, 1.0);
        assertThat(g.observe(11, false)).as("100 has left the window").isPresent();
    }

    @Test
    void aStreakOfSkippedUpdatesIsDivergenceAndAnUpdateEndsTheStreak() {
        DivergenceGuard g = guard(100, 10, 3);
        assertThat(g.observe(1, true)).isEmpty();
        assertThat(g.observe(1, true)).isEmpty();
        assertThat(g.observe(1, false)).isEmpty();
        assertThat(g.observe(1, true)).isEmpty();
        assertThat(g.observe(1, true)).isEmpty();
        assertThat(g.observe(1, true)).contains(
                "3 consecutive iterations skipped an update for non-finite gradients (divergence.skipStreak 3)");
        assertThat(g.observe(1, true)).as("the streak starts again").isEmpty();
    }

    @Test
    void restoringACheckpointsWindowContinuesItsMedianAndEndsTheStreak() {
        DivergenceGuard g = guard(100, 3, 2);
        g.observe(1, true);
        g.restore(List.of(4.0, 5.0, 6.0, 7.0));
        assertThat(g.recentLosses()).as("at most the window").containsExactly(5.0, 6.0, 7.0);
        assertThat(g.median()).isEqualTo(6.0);
        assertThat(g.observe(1, true)).isEmpty();
    }
}
