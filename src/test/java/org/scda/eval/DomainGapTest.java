package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DomainGapTest {

    /** {@code n} Gaussian vectors of {@code dims}, dimension 0 shifted by {@code shift}. */
    private static List<float[]> gaussians(int n, int dims, float shift, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[dims];
            for (int j = 0; j < dims; j++) {
                v[j] = (float) r.nextGaussian() * 3 + 10; // not standardised: the helper does it
            }
            v[0] += shift * 3;
            out.add(v);
        }
        return out;
    }

    @Test
    void wellSeparatedDomainsGiveADistanceNearTwo() {
        DomainGap.Result r = DomainGap.measure(gaussians(100, 16, 4f, 1), gaussians(100, 16, -4f, 2), 7);
        assertThat(r.accuracy()).isGreaterThan(0.97);
        assertThat(r.proxyADistance()).isGreaterThan(1.85);
        assertThat(r.dims()).isEqualTo(16);
        assertThat(r.sourceCount()).isEqualTo(100);
    }

    @Test
    void oneDistributionGivesChance() {
        DomainGap.Result r = DomainGap.measure(gaussians(100, 16, 0f, 1), gaussians(100, 16, 0f, 2), 7);
        assertThat(r.heldOutError()).isBetween(0.38, 0.62);
        assertThat(r.proxyADistance()).isLessThan(0.5);
        // it can fit its own half better than chance: what held-out error is there for
        assertThat(r.trainError()).isLessThan(r.heldOutError());
    }

    @Test
    void aShiftInOneOfManyDimensionsIsFoundAndGrowsTheDistance() {
        double small = DomainGap.measure(gaussians(150, 40, 0.5f, 1), gaussians(150, 40, -0.5f, 2), 7).proxyADistance();
        double large = DomainGap.measure(gaussians(150, 40, 1.5f, 1), gaussians(150, 40, -1.5f, 2), 7).proxyADistance();
        assertThat(small).isGreaterThan(0.3);
        assertThat(large).isGreaterThan(small + 0.4);
    }

    @Test
    void unequalCountsDoNotRewardGuessingTheLargerDomain() {
        // 40 against 8 of one distribution: always answering "source" would be 83% accurate but
        // the class-balanced error stays near one half
        DomainGap.Result r = DomainGap.measure(gaussians(40, 8, 0f, 1), gaussians(8, 8, 0f, 2), 3);
        assertThat(r.heldOutError()).isGreaterThan(0.3);
    }

    @Test
    void sameSeedSameResultOtherSeedOtherSplit() {
        List<float[]> s = gaussians(30, 8, 0.7f, 1);
        List<float[]> t = gaussians(30, 8, -0.7f, 2);
        assertThat(DomainGap.measure(s, t, 5)).isEqualTo(DomainGap.measure(s, t, 5));
        boolean anyDiffer = false;
        for (long seed = 6; seed < 12 && !anyDiffer; seed++) {
            anyDiffer = DomainGap.measure(s, t, seed).heldOutError() != DomainGap.measure(s, t, 5).heldOutError();
        }
        assertThat(anyDiffer).isTrue();
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> DomainGap.measure(gaussians(3, 4, 0, 1), gaussians(10, 4, 0, 2), 1))
                .hasMessageContaining("at least 4").hasMessageContaining("3 source");
        assertThatThrownBy(() -> DomainGap.measure(gaussians(5, 4, 0, 1), gaussians(5, 3, 0, 2), 1))
                .hasMessageContaining("vector 5 has 3 values");
        List<float[]> nan = gaussians(5, 4, 0, 2);
        nan.get(1)[2] = Float.NaN;
        assertThatThrownBy(() -> DomainGap.measure(gaussians(5, 4, 0, 1), nan, 1))
                .hasMessageContaining("vector 6 has a non-finite value at 2");
    }

    @Test
    void effectSizeIsTheMeanStandardisedShiftOverDimensions() {
        // dimension 0: means 0 and 4, both with variance 4 -> d = 2; dimension 1: same -> 0;
        // dimension 2: constant in both -> left out
        double[][] x = {{-2, 1, 7}, {2, 3, 7}, {2, 1, 7}, {6, 3, 7}};
        assertThat(DomainGap.meanEffectSize(x, 2)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        // and it grades shifts that leave the classifier saturated
        double a = DomainGap.measure(gaussians(60, 4, 4f, 1), gaussians(60, 4, -4f, 2), 7).meanEffectSize();
        double b = DomainGap.measure(gaussians(60, 4, 8f, 1), gaussians(60, 4, -8f, 2), 7).meanEffectSize();
        assertThat(b).isGreaterThan(1.5 * a);
    }

    @Test
    void projectionPutsTheDominantDirectionFirstAndSeparatesShiftedDomains() {
        // 6 dimensions of noise; the domains differ by 8 noise sigmas in dimensions 0-2 together,
        // which makes them correlated in the pooled data: the first component (the data are
        // standardised, so a shift in one dimension alone would not stand out)
        DomainGap.Projection p = DomainGap.project(shifted(gaussians(50, 6, 0f, 1), 3, 24f),
                shifted(gaussians(40, 6, 0f, 2), 3, -24f));
        assertThat(p.source()).hasNumberOfRows(50);
        assertThat(p.target()).hasNumberOfRows(40);
        assertThat(p.variance()[0]).isGreaterThan(0.4).isGreaterThan(p.variance()[1]);
        double sourceMean = java.util.Arrays.stream(p.source()).mapToDouble(c -> c[0]).average().orElseThrow();
        double targetMean = java.util.Arrays.stream(p.target()).mapToDouble(c -> c[0]).average().orElseThrow();
        assertThat(Math.abs(sourceMean - targetMean)).isGreaterThan(1.5);
        // the second axis is not the shift
        double second = java.util.Arrays.stream(p.source()).mapToDouble(c -> c[1]).average().orElseThrow()
                - java.util.Arrays.stream(p.target()).mapToDouble(c -> c[1]).average().orElseThrow();
        assertThat(Math.abs(second)).isLessThan(0.5);
    }

    /** Adds {@code shift} to the first {@code dims} values of every vector. */
    private static List<float[]> shifted(List<float[]> vectors, int dims, float shift) {
        for (float[] v : vectors) {
            for (int j = 0; j < dims; j++) {
                v[j] += shift;
            }
        }
        return vectors;
    }

    @Test
    void leadingEigenvectorOfADiagonalMatrix() {
        double[] v = DomainGap.leadingEigenvector(new double[][] {{1, 0, 0}, {0, 5, 0}, {0, 0, 2}});
        assertThat(Math.abs(v[1])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Math.abs(v[0]) + Math.abs(v[2])).isLessThan(1e-9);
    }

    @Test
    void standardiseLeavesConstantDimensionsAtZero() {
        double[][] x = {{1, 5}, {3, 5}};
        DomainGap.standardise(x);
        assertThat(x[0]).containsExactly(-1, 0);
        assertThat(x[1]).containsExactly(1, 0);
    }
}
