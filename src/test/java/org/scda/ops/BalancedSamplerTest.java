package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BalancedSamplerTest {

    private static int[] labels(int positives, int negatives, int ignored) {
        int[] labels = new int[positives + negatives + ignored];
        Arrays.fill(labels, 0, positives, 1);
        Arrays.fill(labels, positives + negatives, labels.length, -1);
        // shuffle deterministically so positions are mixed
        Random r = new Random(7);
        for (int i = labels.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return labels;
    }

    @Test
    void fewPositivesAreAllTakenAndNegativesFillTheBatch() {
        int[] labels = labels(10, 300, 100);
        BalancedSampler.Sampled s = new BalancedSampler(256, 0.5f).sample(labels, new Random(1));
        assertThat(s.positive()).hasSize(10).doesNotHaveDuplicates().isSorted();
        assertThat(s.negative()).hasSize(246).doesNotHaveDuplicates().isSorted();
        assertThat(Arrays.stream(s.positive()).map(i -> labels[i])).containsOnly(1);
        assertThat(Arrays.stream(s.negative()).map(i -> labels[i])).containsOnly(0);
    }

    @Test
    void positivesAreCappedByTheFraction() {
        int[] labels = labels(200, 300, 0);
        BalancedSampler.Sampled s = new BalancedSampler(512, 0.25f).sample(labels, new Random(1));
        assertThat(s.positive()).hasSize(128);
        assertThat(s.negative()).hasSize(300);
    }

    @Test
    void classIdsAboveOneArePositives() {
        int[] labels = {0, 3, 2, -1, 0};
        BalancedSampler.Sampled s = new BalancedSampler(4, 0.5f).sample(labels, new Random(3));
        assertThat(s.positive()).containsExactly(1, 2);
        assertThat(s.negative()).containsExactly(0, 4);
    }

    @Test
    void sameSeedSameSampleOtherSeedOtherSample() {
        int[] labels = labels(200, 3000, 50);
        BalancedSampler sampler = new BalancedSampler(256, 0.5f);
        BalancedSampler.Sampled a = sampler.sample(labels, new Random(42));
        BalancedSampler.Sampled b = sampler.sample(labels, new Random(42));
        BalancedSampler.Sampled c = sampler.sample(labels, new Random(43));
        assertThat(a.positive()).isEqualTo(b.positive());
        assertThat(a.negative()).isEqualTo(b.negative());
        assertThat(a.negative()).isNotEqualTo(c.negative());
    }
}
