package org.scda.adapt.mining;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SelectOrCopyTest {

    private final float[] objectness = {0.1f, 0.9f, 0.5f, 0.7f, 0.3f, 0.9f};

    @Test
    void moreThanMKeepsTopMByObjectness() {
        // 1 and 5 tie at 0.9: the lower index (higher rank) first
        assertThat(SelectOrCopy.select(new int[] {0, 1, 2, 3, 4, 5}, objectness, 3)).containsExactly(1, 5, 3);
    }

    @Test
    void exactlyMKeepsAllInRankOrder() {
        assertThat(SelectOrCopy.select(new int[] {4, 2, 0}, objectness, 3)).containsExactly(2, 4, 0);
    }

    @Test
    void fewerThanMCyclesInRankOrder() {
        assertThat(SelectOrCopy.select(new int[] {0, 3}, objectness, 5)).containsExactly(3, 0, 3, 0, 3);
        assertThat(SelectOrCopy.select(new int[] {2}, objectness, 3)).containsExactly(2, 2, 2);
    }

    @Test
    void emptyClusterTakesTheNearestProposals() {
        double[][] centres = {{0, 0}, {10, 0}, {3, 0}, {4, 0}, {100, 100}, {3, 0}};
        // distance ties between 2 and 5 go to the higher objectness (5: 0.9)
        assertThat(SelectOrCopy.selectNearest(new double[] {3.2, 0}, centres, objectness, 4))
                .containsExactly(5, 2, 3, 0);
        assertThat(SelectOrCopy.selectNearest(new double[] {0, 0}, new double[][] {{1, 1}}, objectness, 3))
                .containsExactly(0, 0, 0);
    }
}
