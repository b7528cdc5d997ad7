package org.scda.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SplitMix64 replays SplittableRandom and continues from a saved state. */
class SplitMix64Test {

    @Test
    void sameSequenceAsSplittableRandom() {
        for (long seed : new long[] {0, 1, -7, 123456789L}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            SplitMix64 ours = new SplitMix64(seed);
            for (int i = 0; i < 1000; i++) {
                if (i % 2 == 0) {
                    assertThat(ours.nextDouble()).isEqualTo(jdk.nextDouble());
                } else {
                    assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
                }
            }
        }
    }

    @Test
    void restoredStateContinuesTheSequence() {
        SplitMix64 straight = new SplitMix64(42);
        for (int i = 0; i < 17; i++) {
            straight.nextDouble();
        }
        SplitMix64 resumed = new SplitMix64(0);
        resumed.setState(straight.state());
        double[] a = new double[5];
        double[] b = new double[5];
        for (int i = 0; i < 5; i++) {
            a[i] = straight.nextDouble();
            b[i] = resumed.nextDouble();
        }
        assertThat(b).containsExactly(a);
        assertThat(new SplitMix64(0).nextDouble()).isNotEqualTo(a[0]);
    }
}
