package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnchorGeneratorTest {

    @Test
    void baseAnchorsAreRatioMajorAndRounded() {
        AnchorGenerator g = new AnchorGenerator(new float[] {32}, new float[] {0.5f, 1f, 2f}, 16);
        // ratio 0.5: w = 32*sqrt(2) = 45.25, h = 22.63 -> half sizes 22.6, 11.3 -> 23, 11
        assertThat(g.baseAnchors()).containsExactly(
                -23, -11, 23, 11,
                -16, -16, 16, 16,
                -11, -23, 11, 23);
        assertThat(g.numAnchorsPerLocation()).isEqualTo(3);
    }

    @Test
    void roundingIsHalfToEvenLikeTorch() {
        // sizes 1 and 3: half sizes 0.5 -> 0 and 1.5 -> 2
        AnchorGenerator g = new AnchorGenerator(new float[] {1, 3}, new float[] {1f}, 8);
        assertThat(g.baseAnchors()).containsExactly(-0f, -0f, 0, 0, -2, -2, 2, 2);
    }

    @Test
    void anchorsAreLocationMajorThenAnchor() {
        AnchorGenerator g = new AnchorGenerator(new float[] {16, 32}, new float[] {1f}, 10);
        float[] a = g.anchors(2, 3);
        assertThat(a).hasSize(2 * 3 * 2 * 4);
        // location (y=0, x=1): shift (10, 0); its two anchors
        assertThat(java.util.Arrays.copyOfRange(a, 8, 16)).containsExactly(2, -8, 18, 8, -6, -16, 26, 16);
        // location (y=1, x=0) is the 4th location
        assertThat(java.util.Arrays.copyOfRange(a, 24, 28)).containsExactly(-8, 2, 8, 18);
    }
}
