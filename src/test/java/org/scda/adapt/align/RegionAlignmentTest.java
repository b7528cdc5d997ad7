package org.scda.adapt.align;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.testing.EngineTestBase;
import org.scda.testing.ManagedArrays;
import org.scda.testing.ToyRegions;
import org.scda.adapt.mining.MinedRegions;
import org.scda.adapt.mining.MiningConfig;

/**
 * The four alternating updates on tiny sizes: K=2, m=4, d=64 (8x8 maps), 32x32 patches. The
 * RoI features come from a stand-in "F" parameter through the real miner.
 */
@Tag("engine")
class RegionAlignmentTest extends EngineTestBase {

    private static final AlignmentPreset TINY = ToyRegions.TINY;
    private static final int D = ToyRegions.D;
    private ToyRegions toy;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(3);
        toy = new ToyRegions(manager);
    }

    /** A stand-in for the detector's RoI features: a leaf with gradient. */
    private NDArray standInF(float shift) {
        return toy.standInF(shift);
    }

    private MinedRegions mine(NDArray roiFeatures, float imageValue, float offset) {
        return toy.mine(roiFeatures, imageValue, offset);
    }

    private RegionAlignment alignment(Ablations ablations) {
        return alignment(AlignmentConfig.of(TINY).withAblations(ablations));
    }

    private RegionAlignment alignment(AlignmentConfig config) {
        return new RegionAlignment(config, AlignmentShapes.forRegions(TINY, D), manager);
    }

    private static List<float[]> snapshot(List<Parameter> group) {
        List<float[]> values = new ArrayList<>();
        for (Parameter p : group) {
            values.add(p.getArray().toFloatArray());
        }
        return values;
    }

    private static boolean same(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private record Snapshot(List<float[]> g, List<float[]> d, List<float[]> w) {
        static Snapshot of(RegionAlignment a) {
            return new Snapshot(snapshot(a.generatorParameters()), snapshot(a.discriminatorParameters()),
                    snapshot(a.estimatorParameters()));
        }
    }

    @Test
    void eachUpdateChangesOnlyItsOwnParameters() {
        NDArray sourceF = standInF(0);
        NDArray targetF = standInF(1);
        MinedRegions source = mine(sourceF, 0.8f, 0);
        MinedRegions target = mine(targetF, -0.3f, 3);
        try (RegionAlignment a = alignment(Ablations.NONE)) {
            assertThat(a.generatorParameters()).isNotEmpty();
            assertThat(a.discriminatorParameters()).isNotEmpty();
            assertThat(a.estimatorParameters()).isNotEmpty();

            Snapshot before = Snapshot.of(a);
            Map<String, NDArray> d = a.updateDiscriminators(source, target);
            assertThat(d).containsOnlyKeys(RegionAlignment.D_SOURCE, RegionAlignment.D_TARGET);
            Snapshot afterD = Snapshot.of(a);
            assertThat(same(before.d(), afterD.d())).as("D changed").isFalse();
            assertThat(same(before.g(), afterD.g())).as("G unchanged").isTrue();
            assertThat(same(before.w(), afterD.w())).as("Dw unchanged").isTrue();

            Map<String, NDArray> w = a.updateEstimator(source, target);
            assertThat(w).containsOnlyKeys(RegionAlignment.W);
            Snapshot afterW = Snapshot.of(a);
            assertThat(same(afterD.w(), afterW.w())).as("Dw changed").isFalse();
            assertThat(same(afterD.g(), afterW.g())).isTrue();
            assertThat(same(afterD.d(), afterW.d())).isTrue();

            Map<String, NDArray> g = a.updateGenerators(source, target);
            assertThat(g).containsOnlyKeys(RegionAlignment.G_SOURCE, RegionAlignment.G_TARGET);
            Snapshot afterG = Snapshot.of(a);
            assertThat(same(afterW.g(), afterG.g())).as("G changed").isFalse();
            assertThat(same(afterW.d(), afterG.d())).isTrue();
            assertThat(same(afterW.w(), afterG.w())).isTrue();

            // step 4, as the trainer would run it: F's own optimiser on F's parameters only
            float[] fBefore = sourceF.toFloatArray();
            Optimizer fOptimizer = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Map<String, NDArray> f = a.detectorAlignmentLosses(mine(sourceF, 0.8f, 0), mine(targetF, -0.3f, 3));
                assertThat(f).containsOnlyKeys(RegionAlignment.F_SOURCE, RegionAlignment.F_TARGET, RegionAlignment.F_ADV);
                assertThat(f.get(RegionAlignment.F_ADV).getFloat()).isCloseTo(
                        0.1f * (f.get(RegionAlignment.F_SOURCE).getFloat() + f.get(RegionAlignment.F_TARGET).getFloat()),
                        org.assertj.core.data.Offset.offset(1e-6f));
                gc.backward(f.get(RegionAlignment.F_ADV));
            }
            for (NDArray leaf : new NDArray[] {sourceF, targetF}) {
                try (NDArray grad = leaf.getGradient()) {
                    fOptimizer.update("f" + System.identityHashCode(leaf), leaf, grad);
                }
            }
            Snapshot afterF = Snapshot.of(a);
            assertThat(sourceF.toFloatArray()).isNotEqualTo(fBefore);
            assertThat(same(afterG.g(), afterF.g())).isTrue();
            assertThat(same(afterG.d(), afterF.d())).isTrue();
            assertThat(same(afterG.w(), afterF.w())).isTrue();
        }
    }

    @Test
    void wholeIterationInsideTheTrainersCollectorInThePapersOrder() {
        NDArray sourceF = standInF(0);
        NDArray targetF = standInF(1);
        try (RegionAlignment a = alignment(Ablations.NONE)) {
            Snapshot before = Snapshot.of(a);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // the detector's forward would be recorded here; the RoI features carry its graph
                NDArray sourceRoi = sourceF.mul(1);
                NDArray targetRoi = targetF.mul(1);
                MinedRegions source = mine(sourceRoi, 0.8f, 0);
                MinedRegions target = mine(targetRoi, -0.3f, 3);
                assertThat(a.updateDiscriminators(gc, source, target)).hasSize(2);
                assertThat(a.updateEstimator(gc, source, target)).hasSize(1);
                assertThat(a.updateGenerators(gc, source, target)).hasSize(2);
                assertThat(sourceF.getGradient().abs().sum().getFloat()).as("steps 1-3 never reach F").isZero();
                gc.backward(a.detectorAlignmentLoss(source, target));
            }
            assertThat(sourceF.getGradient().abs().sum().getFloat()).isPositive();
            assertThat(targetF.getGradient().abs().sum().getFloat()).isPositive();
            Snapshot after = Snapshot.of(a);
            assertThat(same(before.d(), after.d())).isFalse();
            assertThat(same(before.w(), after.w())).isFalse();
            assertThat(same(before.g(), after.g())).isFalse();
            assertThat(a.skippedUpdates()).isZero();
        }
    }

    @Test
    void nonFiniteLossIsSkippedAndCounted() {
        NDArray bad = manager.randomNormal(new Shape(ToyRegions.N, D));
        bad.set(new ai.djl.ndarray.index.NDIndex("0"), Float.NaN);
        bad.set(new ai.djl.ndarray.index.NDIndex("1"), Float.NaN);
        MinedRegions source = mine(bad, 0.8f, 0);
        MinedRegions target = mine(standInF(1), -0.3f, 3);
        try (RegionAlignment a = alignment(Ablations.NONE)) {
            Snapshot before = Snapshot.of(a);
            Map<String, NDArray> d = a.updateDiscriminators(source, target);
            Map<String, NDArray> w = a.updateEstimator(source, target);
            assertThat(FiniteCheck.nonFinite(d)).containsExactly(RegionAlignment.D_SOURCE);
            assertThat(FiniteCheck.nonFinite(w)).containsExactly(RegionAlignment.W);
            assertThat(a.skippedUpdates()).isEqualTo(2);
            Snapshot after = Snapshot.of(a);
            assertThat(same(before.d(), after.d())).isTrue();
            assertThat(same(before.w(), after.w())).isTrue();
            // a finite update afterwards works again
            a.updateDiscriminators(mine(standInF(0), 0.8f, 0), target);
            assertThat(same(before.d(), Snapshot.of(a).d())).isFalse();
            assertThat(a.skippedUpdates()).isEqualTo(2);
        }
    }

    @Test
    void stepsOneToThreeLeaveOnlyTheirLossesInTheIterationsManager() {
        try (NDManager iteration = manager.newSubManager();
                RegionAlignment a = alignment(Ablations.NONE)) {
            ToyRegions inIteration = new ToyRegions(iteration);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                MinedRegions source = inIteration.mine(inIteration.standInF(0), 0.8f, 0);
                MinedRegions target = inIteration.mine(inIteration.standInF(1), -0.3f, 3);
                int before = ManagedArrays.count(iteration);
                // each update's forward, losses and graph are spent once it is applied (issue 17: at the
                // paper's size they held 5 GB until the iteration ended)
                assertThat(a.updateDiscriminators(gc, source, target)).hasSize(2);
                assertThat(ManagedArrays.count(iteration)).as("after step 1").isEqualTo(before + 2);
                assertThat(a.updateEstimator(gc, source, target)).hasSize(1);
                assertThat(ManagedArrays.count(iteration)).as("after step 2").isEqualTo(before + 3);
                Map<String, NDArray> g = a.updateGenerators(gc, source, target);
                assertThat(ManagedArrays.count(iteration)).as("after step 3").isEqualTo(before + 5);
                assertThat(g.get(RegionAlignment.G_SOURCE).getFloat()).isFinite();
                gc.backward(a.detectorAlignmentLoss(source, target));
            }
            assertThat(a.skippedUpdates()).isZero();
        }
    }

    @Test
    void gradientsOfTheDetectorStepDoNotLeakIntoTheNextDiscriminatorUpdate() {
        NDArray sourceF = standInF(0);
        NDArray targetF = standInF(1);
        MinedRegions source = mine(sourceF, 0.8f, 0);
        MinedRegions target = mine(targetF, -0.3f, 3);
        Engine.getInstance().setRandomSeed(11);
        List<float[]> clean;
        try (RegionAlignment a = alignment(Ablations.NONE)) {
            a.updateDiscriminators(source, target);
            clean = snapshot(a.discriminatorParameters());
        }
        Engine.getInstance().setRandomSeed(11);
        try (RegionAlignment b = alignment(Ablations.NONE)) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(b.detectorAlignmentLoss(mine(sourceF, 0.8f, 0), mine(targetF, -0.3f, 3)).mul(1000));
            }
            b.updateDiscriminators(source, target);
            List<float[]> afterLeakRisk = snapshot(b.discriminatorParameters());
            for (int i = 0; i < clean.size(); i++) {
                assertThat(afterLeakRisk.get(i)).containsExactly(clean.get(i),
                        org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }

    @Test
    void detectorLossReachesTheRoiFeaturesUnlessDetached() {
        for (boolean detach : new boolean[] {false, true}) {
            NDArray sourceF = standInF(0);
            NDArray targetF = standInF(1);
            try (RegionAlignment a = alignment(Ablations.NONE.detachRegionFeatures(detach))) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(a.detectorAlignmentLoss(mine(sourceF, 0.8f, 0), mine(targetF, -0.3f, 3)));
                }
                float sourceNorm = sourceF.getGradient().abs().sum().getFloat();
                float targetNorm = targetF.getGradient().abs().sum().getFloat();
                if (detach) {
                    assertThat(sourceNorm).isZero();
                    assertThat(targetNorm).isZero();
                } else {
                    assertThat(sourceNorm).isPositive();
                    assertThat(targetNorm).isPositive();
                }
            }
        }
    }

    @Test
    void descendingTheDetectorTermFoolsTheOtherDomainsDiscriminator() {
        NDArray sourceF = standInF(0);
        NDArray targetF = standInF(1);
        try (RegionAlignment a = alignment(Ablations.NONE)) {
            float[] before = new float[2];
            float[] after = new float[2];
            for (int round = 0; round < 2; round++) {
                Map<String, NDArray> f;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    f = a.detectorAlignmentLosses(mine(sourceF, 0.8f, 0), mine(targetF, -0.3f, 3));
                    gc.backward(f.get(RegionAlignment.F_ADV));
                }
                float[] out = round == 0 ? before : after;
                out[0] = f.get(RegionAlignment.F_SOURCE).getFloat();
                out[1] = f.get(RegionAlignment.F_TARGET).getFloat();
                if (round == 0) {
                    for (NDArray leaf : new NDArray[] {sourceF, targetF}) {
                        try (NDArray grad = leaf.getGradient()) {
                            leaf.subi(grad.mul(50f));
                        }
                    }
                    a.zeroAllGradients();
                }
            }
            // lower loss = Dt judges Gs(source) and Ds judges Gt(target) more "real"
            assertThat(after[0]).isLessThan(before[0]);
            assertThat(after[1]).isLessThan(before[1]);
        }
    }

    @Test
    void targetWeightsAreOnesWithoutEstimator() {
        MinedRegions target = mine(standInF(1), -0.3f, 3);
        try (RegionAlignment a = alignment(Ablations.NONE.withoutEstimator(true))) {
            assertThat(a.estimatorParameters()).isEmpty();
            assertThat(a.targetWeights(target).toFloatArray()).containsExactly(1f, 1f);
            assertThat(a.updateEstimator(target, target)).isEmpty();
        }
        try (RegionAlignment a = alignment(Ablations.NONE)) {
            float[] wt = a.targetWeights(target).toFloatArray();
            assertThat(wt).hasSize(2);
            for (float v : wt) {
                assertThat(v).isStrictlyBetween(0f, 1f).isNotEqualTo(1f);
            }
        }
    }

    @Test
    void discriminatorLearnsToSeparateRealFromGenerated() {
        MinedRegions source = mine(standInF(0), 0.9f, 0);
        MinedRegions target = mine(standInF(1), -0.9f, 3);
        AlignmentConfig config = AlignmentConfig.of(TINY)
                .withOptimizers(OptimizerSettings.PAPER.withLearningRates(0.02f, 1e-3f));
        try (RegionAlignment a = alignment(config)) {
            float first = a.updateDiscriminators(source, target).get(RegionAlignment.D_SOURCE).getFloat();
            float last = first;
            for (int i = 0; i < 30; i++) {
                last = a.updateDiscriminators(source, target).get(RegionAlignment.D_SOURCE).getFloat();
            }
            assertThat(last).isLessThan(first * 0.8f);
            // and a generator trained against the fixed discriminator lowers its own loss
            float g0 = a.updateGenerators(source, target).get(RegionAlignment.G_SOURCE).getFloat();
            float g = g0;
            for (int i = 0; i < 20; i++) {
                g = a.updateGenerators(source, target).get(RegionAlignment.G_SOURCE).getFloat();
            }
            assertThat(g).isLessThan(g0);
        }
    }

    @Test
    void estimatorLearnsSourceFromTarget() {
        MinedRegions source = mine(standInF(2), 0.5f, 0);
        MinedRegions target = mine(standInF(-2), 0.5f, 3);
        AlignmentConfig config = AlignmentConfig.of(TINY)
                .withOptimizers(OptimizerSettings.PAPER.withLearningRates(0.01f, 1e-4f));
        try (RegionAlignment a = alignment(config)) {
            float first = a.updateEstimator(source, target).get(RegionAlignment.W).getFloat();
            float last = first;
            for (int i = 0; i < 20; i++) {
                last = a.updateEstimator(source, target).get(RegionAlignment.W).getFloat();
            }
            assertThat(last).isLessThan(first);
            // target regions now look less source-like than source regions
            float wt = a.targetWeights(target).mean().getFloat();
            float ws = a.targetWeights(source).mean().getFloat();
            assertThat(wt).isLessThan(ws);
        }
    }

    @Test
    void softEstimatorLabelsTrainTowardsTheirMeans() {
        MinedRegions source = mine(standInF(2), 0.5f, 0);
        MinedRegions target = mine(standInF(-2), 0.5f, 3);
        AlignmentConfig config = AlignmentConfig.of(TINY).withSoftEstimatorLabels(true)
                .withOptimizers(OptimizerSettings.PAPER.withLearningRates(0.01f, 1e-4f));
        try (RegionAlignment a = alignment(config)) {
            float first = a.updateEstimator(source, target).get(RegionAlignment.W).getFloat();
            for (int i = 0; i < 40; i++) {
                a.updateEstimator(source, target);
            }
            float last = a.updateEstimator(source, target).get(RegionAlignment.W).getFloat();
            assertThat(last).isLessThan(first);
            // soft labels have entropy: the loss cannot approach 0 the way hard labels allow
            assertThat(last).isGreaterThan(0.3f);
            assertThat(a.targetWeights(target).mean().getFloat()).isLessThan(a.targetWeights(source).mean().getFloat());
        }
    }

    @Test
    void ablationsWithoutGeneratorsAndWithoutDiscriminators() {
        NDArray sourceF = standInF(0);
        NDArray targetF = standInF(1);
        try (RegionAlignment a = alignment(Ablations.NONE.withoutGenerators(true))) {
            assertThat(a.generatorParameters()).isEmpty();
            assertThat(a.discriminatorParameters()).isNotEmpty();
            MinedRegions s = mine(sourceF, 0.8f, 0);
            MinedRegions t = mine(targetF, -0.3f, 3);
            List<float[]> d0 = snapshot(a.discriminatorParameters());
            assertThat(a.updateDiscriminators(s, t)).containsOnlyKeys(RegionAlignment.D_SOURCE, RegionAlignment.D_TARGET);
            assertThat(same(d0, snapshot(a.discriminatorParameters()))).isFalse();
            assertThat(a.updateGenerators(s, t)).isEmpty();
            assertThat(a.reconstruct(s, true)).isNull();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(a.detectorAlignmentLoss(mine(sourceF, 0.8f, 0), mine(targetF, -0.3f, 3)));
            }
            assertThat(sourceF.getGradient().abs().sum().getFloat()).isPositive();
        }
        AlignmentConfig reconstructionOnly = AlignmentConfig.of(TINY)
                .withAblations(Ablations.NONE.withoutDiscriminators(true))
                .withOptimizers(OptimizerSettings.PAPER.withLearningRates(1e-4f, 1e-2f));
        try (RegionAlignment a = alignment(reconstructionOnly)) {
            assertThat(a.discriminatorParameters()).isEmpty();
            MinedRegions s = mine(sourceF, 0.8f, 0);
            MinedRegions t = mine(targetF, -0.3f, 3);
            assertThat(a.updateDiscriminators(s, t)).isEmpty();
            float first = a.updateGenerators(s, t).get(RegionAlignment.G_SOURCE).getFloat();
            float last = first;
            for (int i = 0; i < 15; i++) {
                last = a.updateGenerators(s, t).get(RegionAlignment.G_SOURCE).getFloat();
            }
            assertThat(last).isLessThan(first);
            assertThat(a.reconstruct(s, true).getShape()).isEqualTo(new Shape(2, 3, 32, 32));
        }
    }

    @Test
    void globalVariantReconstructsTheWholeImage() {
        NDArray backbone = manager.randomNormal(new Shape(1, 4, 4, 8));
        backbone.setRequiresGradient(true);
        NDArray image = manager.randomUniform(-1, 1, new Shape(1, 3, 32, 64));
        AlignmentConfig config = AlignmentConfig.of(TINY).withAblations(Ablations.NONE.global(true));
        try (RegionAlignment a = new RegionAlignment(config, AlignmentShapes.forGlobal(4, 4, 8, 32, 64), manager)) {
            MinedRegions whole = GlobalRegions.fromBackbone(backbone, image);
            assertThat(whole.features().getShape()).isEqualTo(new Shape(1, 4, 32));
            assertThat(whole.regions().get(0).width()).isEqualTo(64);
            assertThat(a.updateDiscriminators(whole, whole)).hasSize(2);
            assertThat(a.updateEstimator(whole, whole)).hasSize(1);
            assertThat(a.updateGenerators(whole, whole)).hasSize(2);
            assertThat(a.reconstruct(whole, false).getShape()).isEqualTo(new Shape(1, 3, 32, 64));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(a.detectorAlignmentLoss(GlobalRegions.fromBackbone(backbone, image),
                        GlobalRegions.fromBackbone(backbone, image)));
            }
            assertThat(backbone.getGradient().abs().sum().getFloat()).isPositive();
        }
    }

    @Test
    void parametersSaveAndLoad() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<float[]> saved;
        try (RegionAlignment a = alignment(Ablations.NONE)) {
            a.saveParameters(new DataOutputStream(bytes));
            saved = snapshot(a.generatorParameters());
        }
        Engine.getInstance().setRandomSeed(99);
        try (RegionAlignment b = alignment(Ablations.NONE)) {
            assertThat(same(saved, snapshot(b.generatorParameters()))).isFalse();
            b.loadParameters(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(same(saved, snapshot(b.generatorParameters()))).isTrue();
        }
    }

    @Test
    void miningConfigOfThePresetIsUsed() {
        assertThat(TINY.miningConfig(0)).isEqualTo(new MiningConfig(2, 4, 32, 0, MiningConfig.DEFAULT_MAX_ITERATIONS));
    }

    @Test
    void anOverflowingGradientIsCaughtBeforeAnOptimiserSeesIt() {
        Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        w.setArray(manager.create(new float[] {1f, 2f, 3f}));
        w.getArray().setRequiresGradient(true);
        List<Parameter> group = List.of(w);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.getArray().mul(manager.create(new float[] {1f, 1f, 1f})).sum());
        }
        assertThat(RegionAlignment.gradientsFinite(group)).isTrue();
        ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) w.getArray());
        // d/dw sum(w * c) = c: an infinite factor gives an infinite gradient
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = w.getArray().mul(manager.create(new float[] {Float.POSITIVE_INFINITY, 0f, 0f})).sum();
            gc.backward(loss);
        }
        assertThat(RegionAlignment.gradientsFinite(group)).isFalse();
    }

    /**
     * The discriminator update learns: on one fixed pair of regions, Ds and Dt tell real patches
     * from generated ones well below chance (2 ln 2 = 1.386) within 100 updates at lr 1e-2.
     * (Measured: 1.37 -> 0.49; at the paper's 1e-4 the same 100 updates barely move it, which
     * is why the discriminators stay near chance over a 1000-iteration CPU run.)
     */
    @Test
    void theDiscriminatorsLearnToTellRealPatchesFromGeneratedOnes() {
        MinedRegions source = mine(standInF(0), 0.8f, 0);
        MinedRegions target = mine(standInF(1), -0.3f, 3);
        OptimizerSettings paper = OptimizerSettings.PAPER;
        AlignmentConfig fast = AlignmentConfig.of(TINY).withOptimizers(new OptimizerSettings(1e-2f,
                paper.discriminatorWeightDecay(), paper.discriminatorMomentum(), paper.generatorLr(),
                paper.generatorBeta1(), paper.generatorBeta2()));
        try (RegionAlignment a = alignment(fast)) {
            float first = a.updateDiscriminators(source, target).get(RegionAlignment.D_SOURCE).getFloat();
            float last = first;
            for (int i = 1; i < 100; i++) {
                last = a.updateDiscriminators(source, target).get(RegionAlignment.D_SOURCE).getFloat();
            }
            assertThat(first).isGreaterThan(1.2f);
            assertThat(last).isLessThan(0.8f);
        }
    }
}
