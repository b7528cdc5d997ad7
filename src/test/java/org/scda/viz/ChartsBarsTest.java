package org.scda.viz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bar chart's error bars: none where there is nothing to show, never past the axis. */
class ChartsBarsTest {

    @Test
    void aSpreadIsDrawnAsGivenWhenItFits() {
        assertThat(Charts.drawnSpread(60, 10, -50, 110)).isEqualTo(10);
    }

    @Test
    void aSpreadPastTheTopStopsAtIt() {
        assertThat(Charts.drawnSpread(90, 200, -50, 110)).isEqualTo(20);
    }

    @Test
    void noSpreadForACutOrMissingBarOrAMissingSpread() {
        assertThat(Charts.drawnSpread(-300, 40, -50, 110)).as("bar cut at the floor").isZero();
        assertThat(Charts.drawnSpread(Double.NaN, 40, -50, 110)).as("no bar").isZero();
        assertThat(Charts.drawnSpread(30, Double.NaN, -50, 110)).as("one seed").isZero();
    }
}
