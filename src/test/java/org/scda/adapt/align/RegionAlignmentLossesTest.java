package org.scda.adapt.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.testing.EngineTestBase;

@Tag("engine")
class RegionAlignmentLossesTest extends EngineTestBase {


    private static double bce(double x, double z) {
        double p = 1 / (1 + Math.exp(-x));
        return -(z * Math.log(p) + (1 - z) * Math.log(1 - p));
    }

    @Test
    void bceMatchesTheDefinitionAndIsStable() {
        float[] xs = {-3, -0.5f, 0, 0.7f, 4};
        NDArray logits = manager.create(xs);
        float[] real = RegionAlignmentLosses.bceWithLogits(logits, 1f).toFloatArray();
        float[] soft = RegionAlignmentLosses.bceWithLogits(logits, manager.full(new Shape(5), 0.2f)).toFloatArray();
        for (int i = 0; i < xs.length; i++) {
            assertThat(real[i]).isCloseTo((float) bce(xs[i], 1), offset(1e-5f));
            assertThat(soft[i]).isCloseTo((float) bce(xs[i], 0.2), offset(1e-5f));
        }
        float[] extreme = RegionAlignmentLosses.bceWithLogits(manager.create(new float[] {-200, 200}), 1f)
                .toFloatArray();
        assertThat(extreme[0]).isCloseTo(200f, offset(1e-3f));
        assertThat(extreme[1]).isCloseTo(0f, offset(1e-6f));
    }

    @Test
    void discriminatorLossRewardsRightAnswersAndWeighsRegions() {
        // region 0: confident and right; region 1: confident and wrong
        NDArray real = manager.create(new float[] {5, 5, -5, -5}, new Shape(2, 1, 1, 2));
        NDArray fake = manager.create(new float[] {-5, -5, 5, 5}, new Shape(2, 1, 1, 2));
        double right = bce(5, 1) + bce(-5, 0);
        double wrong = bce(-5, 1) + bce(5, 0);
        assertThat(RegionAlignmentLosses.discriminatorLoss(real, fake, null).getFloat())
                .isCloseTo((float) ((right + wrong) / 2), offset(1e-4f));
        NDArray weights = manager.create(new float[] {1f, 0.25f});
        assertThat(RegionAlignmentLosses.discriminatorLoss(real, fake, weights).getFloat())
                .isCloseTo((float) ((right + 0.25 * wrong) / 2), offset(1e-4f));
        // a generator whose patches are judged real has a low loss; judged fake, a high one
        assertThat(RegionAlignmentLosses.realLoss(real.get(0).expandDims(0), null).getFloat())
                .isLessThan(RegionAlignmentLosses.realLoss(fake.get(0).expandDims(0), null).getFloat());
        assertThat(RegionAlignmentLosses.fakeLoss(fake.get(0).expandDims(0), null).getFloat()).isLessThan(0.01f);
    }

    @Test
    void theWeightsActOnTheWholeDiscriminatorLossOrOnItsGeneratedPatchTermOnly() {
        // region 0: confident and right; region 1: confident and wrong
        NDArray real = manager.create(new float[] {5, 5, -5, -5}, new Shape(2, 1, 1, 2));
        NDArray fake = manager.create(new float[] {-5, -5, 5, 5}, new Shape(2, 1, 1, 2));
        NDArray weights = manager.create(new float[] {1f, 0.25f});
        double realRight = bce(5, 1);
        double realWrong = bce(-5, 1);
        double fakeRight = bce(-5, 0);
        double fakeWrong = bce(5, 0);
        assertThat(RegionAlignmentLosses.discriminatorLoss(real, fake, weights, WeightingTarget.WHOLE).getFloat())
                .isCloseTo((float) ((realRight + fakeRight + 0.25 * (realWrong + fakeWrong)) / 2), offset(1e-4f));
        assertThat(RegionAlignmentLosses.discriminatorLoss(real, fake, weights, WeightingTarget.FAKE).getFloat())
                .isCloseTo((float) ((realRight + realWrong) / 2 + (fakeRight + 0.25 * fakeWrong) / 2), offset(1e-4f));
        // without weights the two agree
        assertThat(RegionAlignmentLosses.discriminatorLoss(real, fake, null, WeightingTarget.FAKE).getFloat())
                .isEqualTo(RegionAlignmentLosses.discriminatorLoss(real, fake, null).getFloat());
    }

    @Test
    void classLossIsTheCrossEntropyOfOneClassAveragedOverLocations() {
        // two regions, four classes, two locations each: logits (2, 4, 1, 2)
        float[] logits = {
            2, 0, // class 0 at the two locations of region 0
            0, 0,
            0, 1,
            0, 0,
            0, 0, // region 1
            0, 0,
            0, 0,
            3, 0};
        NDArray x = manager.create(logits, new Shape(2, 4, 1, 2));
        double loc0 = -Math.log(Math.exp(2) / (Math.exp(2) + 3));
        double loc1 = -Math.log(1 / (3 + Math.E));
        float[] perRegion = RegionAlignmentLosses.perRegionClass(x, 0).toFloatArray();
        assertThat(perRegion[0]).isCloseTo((float) ((loc0 + loc1) / 2), offset(1e-5f));
        assertThat(perRegion[1]).isCloseTo((float) ((-Math.log(1 / (3 + Math.exp(3))) + Math.log(4)) / 2),
                offset(1e-5f));
        assertThat(RegionAlignmentLosses.classLoss(x, 3, manager.create(new float[] {0f, 1f})).getFloat())
                .isCloseTo((float) ((-Math.log(Math.exp(3) / (3 + Math.exp(3))) + Math.log(4)) / 2 / 2), offset(1e-5f));
    }

    @Test
    void estimatorLossIsLowWhenSourceScoresHigh() {
        NDArray high = manager.full(new Shape(2, 3), 4f);
        NDArray low = manager.full(new Shape(2, 3), -4f);
        float good = RegionAlignmentLosses.estimatorLoss(high, low).getFloat();
        float bad = RegionAlignmentLosses.estimatorLoss(low, high).getFloat();
        assertThat(good).isCloseTo((float) (bce(4, 1) + bce(-4, 0)), offset(1e-5f));
        assertThat(bad).isGreaterThan(good);
    }

    @Test
    void reconstructionLossIsMeanAbsoluteError() {
        NDArray a = manager.zeros(new Shape(2, 3, 2, 2));
        NDArray b = manager.full(new Shape(1, 3, 2, 2), 0.5f).concat(manager.full(new Shape(1, 3, 2, 2), -1f));
        assertThat(RegionAlignmentLosses.reconstructionLoss(a, b, null).getFloat()).isCloseTo(0.75f, offset(1e-6f));
        assertThat(RegionAlignmentLosses.reconstructionLoss(a, b, manager.create(new float[] {1, 0})).getFloat())
                .isCloseTo(0.25f, offset(1e-6f));
    }

    @Test
    void finiteCheckFindsNanAndInf() {
        Map<String, NDArray> losses = new LinkedHashMap<>();
        losses.put("ok", manager.create(1.5f));
        losses.put("nan", manager.create(new float[] {1, Float.NaN}));
        losses.put("inf", manager.create(Float.NEGATIVE_INFINITY));
        assertThat(FiniteCheck.isFinite(losses.get("ok"))).isTrue();
        assertThat(FiniteCheck.nonFinite(losses)).containsExactly("nan", "inf");
        // log of a sigmoid that underflows: the naive form gives -inf, ours stays finite
        NDArray naive = manager.create(200f).exp().add(1).pow(-1).log();
        assertThat(FiniteCheck.isFinite(naive)).isFalse();
        assertThat(FiniteCheck.isFinite(RegionAlignmentLosses.bceWithLogits(manager.create(-200f), 1f))).isTrue();
    }
}
