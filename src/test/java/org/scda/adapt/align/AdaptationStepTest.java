package org.scda.adapt.align;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.core.UnlabelledImages;
import org.scda.adapt.dafaster.DaFasterStep;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.data.transform.ImageTransform;
import org.scda.engine.LrSchedule;
import org.scda.engine.Optimizers;
import org.scda.engine.StepResult;
import org.scda.engine.TrainingImages;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;
import org.scda.testing.ManagedArrays;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyDomains;

/** The adaptation iteration on tiny generated scenes: all four updates run, and where the gradient goes. */
@Tag("engine")
public class AdaptationStepTest {
    private static final ImageTransform TRANSFORM = ToyDomains.TRANSFORM;

    @TempDir
    static Path dir;
    static ToyDomains toy;

    @BeforeAll
    static void data() throws Exception {
        OneEngineThread.use();
        toy = ToyDomains.generate(dir);
    }

    public static TrainConfig tinyDetector() {
        return Configs.parseYaml("""
                model:
                  backboneWidth: 8
                  rpn: {postNmsTopNTrain: 200}
                  roi: {headDim: 64, batchSizePerImage: 64}
                solver: {iterations: 3, baseLr: 0.01, warmupIterations: 1, steps: [100]}
                """);
    }

    /** cpu-type2 (K=4, m=32, 64x64 regions) without generator residual blocks. */
    public static AlignmentConfig alignment(Ablations ablations) {
        return AlignmentConfig.of(AlignmentPreset.CPU_TYPE2).withGeneratorResidualBlocks(0).withAblations(ablations);
    }

    private static List<float[]> snapshot(Collection<Parameter> params) {
        List<float[]> values = new ArrayList<>();
        for (Parameter p : params) {
            values.add(p.getArray().toFloatArray());
        }
        return values;
    }

    private static boolean changed(Collection<Parameter> params, List<float[]> before) {
        int i = 0;
        for (Parameter p : params) {
            float[] now = p.getArray().toFloatArray();
            float[] was = before.get(i++);
            for (int j = 0; j < now.length; j++) {
                if (now[j] != was[j]) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void warmupThenAllFourUpdatesEachChangingItsModulesAndAPicture() throws Exception {
        TrainConfig config = tinyDetector();
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), toy.numClasses());
            model.initialize(manager, 128, 256);
            AlignmentConfig ac = alignment(Ablations.NONE);
            try (RegionAlignment alignment = new RegionAlignment(ac,
                    AlignmentShapes.forRegions(ac.preset(), model.featureDim()), manager)) {
                MiningPictures pictures = new MiningPictures(dir.resolve("pictures"), 100, 1);
                AdaptationStep step = new AdaptationStep(toy.sourceImages(true),
                        toy.targetImages(true), alignment, 1, 100, 5).withObserver(pictures);
                List<StepResult> results = new ArrayList<>();
                TrainingLoop loop = new TrainingLoop(model, manager,
                        Optimizers.create(config.solver(), model.getParameters().values(), manager),
                        LrSchedule.of(config.solver()), null, new Random(5), List.of(new TrainingLoop.Hook() {
                            @Override
                            public void afterStep(TrainingLoop l, StepResult s) {
                                results.add(s);
                            }
                        }), step);
                List<float[]> detector = snapshot(model.getParameters().values());
                List<float[]> generators = snapshot(alignment.generatorParameters());
                List<float[]> discriminators = snapshot(alignment.discriminatorParameters());
                List<float[]> estimator = snapshot(alignment.estimatorParameters());
                loop.run(3);

                assertThat(results).hasSize(3);
                assertThat(results.get(0).losses()).containsKey("roi.classifier")
                        .doesNotContainKeys(RegionAlignment.D_SOURCE, RegionAlignment.F_ADV);
                for (StepResult r : results.subList(1, 3)) {
                    assertThat(r.losses()).containsKeys(RegionAlignment.D_SOURCE, RegionAlignment.D_TARGET,
                            RegionAlignment.W, RegionAlignment.G_SOURCE, RegionAlignment.G_TARGET,
                            RegionAlignment.F_SOURCE, RegionAlignment.F_TARGET, RegionAlignment.F_ADV,
                            AdaptationStep.WT_MEAN, "rpn.objectness", "roi.classifier");
                    assertThat(r.losses().values()).allMatch(Double::isFinite);
                    assertThat(r.skipped()).isFalse();
                    double sum = r.losses().entrySet().stream()
                            .filter(e -> e.getKey().startsWith("rpn.") || e.getKey().startsWith("roi."))
                            .mapToDouble(e -> e.getValue()).sum();
                    assertThat(r.totalLoss()).isCloseTo(sum + r.losses().get(RegionAlignment.F_ADV),
                            org.assertj.core.api.Assertions.within(1e-4));
                }
                assertThat(step.alignedIterations()).isEqualTo(2);
                assertThat(alignment.skippedUpdates()).isZero();
                assertThat(changed(model.getParameters().values(), detector)).isTrue();
                assertThat(changed(alignment.generatorParameters(), generators)).isTrue();
                assertThat(changed(alignment.discriminatorParameters(), discriminators)).isTrue();
                assertThat(changed(alignment.estimatorParameters(), estimator)).isTrue();

                assertThat(pictures.written()).hasSize(2);
                for (Path png : pictures.written()) {
                    assertThat(png).exists();
                    BufferedImage img = ImageIO.read(png.toFile());
                    assertThat(img.getWidth()).isGreaterThanOrEqualTo(512);
                }
                assertThat(pictures.written().get(0).getFileName().toString()).isEqualTo("iter_000002_target.png");

                // every optimiser state exists after the first aligned iteration: from then on the long-lived
                // managers hold as many arrays after each iteration (the finite-gradient checks leaked two
                // boolean arrays per module parameter and update, 0.4 MB per iteration at the CPU default)
                int held = ManagedArrays.count(manager);
                loop.run(5);
                assertThat(ManagedArrays.count(manager)).as("arrays held after two more aligned iterations")
                        .isEqualTo(held);
            }
        }
    }

    /** Sum of |gradient| over the parameters (0 when a parameter has none). */
    private static double gradientMass(Collection<Parameter> params) {
        double total = 0;
        for (Parameter p : params) {
            NDArray array = p.getArray();
            if (!array.hasGradient()) {
                continue;
            }
            try (NDArray g = array.getGradient()) {
                total += g.abs().sum().getFloat();
            }
        }
        return total;
    }

    /**
     * Backbone and box-head gradients of step 4's alignment term alone (no detection loss),
     * computed through the trainer's forward passes and mining.
     */
    private static double[] alignmentGradients(Ablations ablations) {
        TrainConfig config = tinyDetector();
        Engine.getInstance().setRandomSeed(9);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), toy.numClasses());
            model.initialize(manager, 128, 256);
            AlignmentConfig ac = alignment(ablations);
            try (RegionAlignment alignment = new RegionAlignment(ac,
                    ScdaMethod.shapes(ac, model, TRANSFORM, toy.source(), toy.target()), manager)) {
                TrainingImages sourceImages = toy.sourceImages(false);
                UnlabelledImages targetImages = toy.targetImages(false);
                AdaptationStep step = new AdaptationStep(sourceImages, targetImages, alignment, 0, 100, 9);
                Random random = new Random(9);
                ParameterStore ps = new ParameterStore(manager, false);
                try (NDManager scope = manager.newSubManager();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    TrainingImages.Example example = sourceImages.next(random);
                    FasterRcnnOutput s = model.forward(ps, example.image().toNDArray(scope), example.targets(), true,
                            random);
                    FasterRcnnOutput t = model.forwardUnlabelled(ps, targetImages.next(random).toNDArray(scope), 100,
                            true, random);
                    assertThat(t.roi().numRois()).isEqualTo(100);
                    assertThat(t.roiFeatures().getShape().get(0)).isEqualTo(100);
                    assertThat(t.losses()).isEmpty();
                    AdaptationStep.Mined mined = step.mine(s, t, 0);
                    NDArray loss = alignment.detectorAlignmentLoss(mined.source(), mined.target());
                    assertThat(loss.getFloat()).isFinite().isPositive();
                    gc.backward(loss);
                    double backbone = gradientMass(model.backbone().block().getParameters().values());
                    double all = gradientMass(model.getParameters().values());
                    double generators = gradientMass(alignment.generatorParameters());
                    return new double[] {backbone, all - backbone, generators};
                }
            }
        }
    }

    @Test
    void alignmentLossAloneReachesBackboneAndRoiHead() {
        double[] g = alignmentGradients(Ablations.NONE);
        assertThat(g[0]).as("backbone").isPositive();
        assertThat(g[1]).as("RPN + RoI head").isPositive();
    }

    @Test
    void detachedRegionFeaturesStopTheGradientAtTheDetector() {
        double[] g = alignmentGradients(Ablations.NONE.detachRegionFeatures(true));
        assertThat(g[0]).as("backbone").isZero();
        assertThat(g[1]).as("RPN + RoI head").isZero();
        assertThat(g[2]).as("generators still get theirs").isPositive();
    }

    @Test
    void globalVariantReachesBackboneThroughTheFeatureMap() {
        double[] g = alignmentGradients(Ablations.NONE.global(true));
        assertThat(g[0]).as("backbone").isPositive();
    }

    /** Distinct RoIs behind the K x m rows of mined regions. */
    private static int distinctRois(org.scda.adapt.mining.MinedRegions regions) {
        return (int) java.util.Arrays.stream(regions.memberIndices()).flatMapToInt(java.util.Arrays::stream)
                .distinct().count();
    }

    /**
     * cpu-type2 mines K x m = 128 rows per image; from the 64 RoIs sampled for the head
     * select-or-copy copies at least half of them, from the source's top 150 proposals
     * ({@code adapt.sourceRois}) it needs no copies; the alignment gradient still reaches the
     * backbone through the extra RoI-head pass.
     */
    @Test
    void sourceRoisMineTheTopProposalsSoThatSelectOrCopyCopiesLess() {
        TrainConfig config = tinyDetector();
        Engine.getInstance().setRandomSeed(9);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), toy.numClasses());
            model.initialize(manager, 128, 256);
            AlignmentConfig ac = alignment(Ablations.NONE);
            try (RegionAlignment alignment = new RegionAlignment(ac,
                    AlignmentShapes.forRegions(ac.preset(), model.featureDim()), manager)) {
                TrainingImages sourceImages = toy.sourceImages(false);
                UnlabelledImages targetImages = toy.targetImages(false);
                AdaptationStep step = new AdaptationStep(sourceImages, targetImages, alignment, 0, 100, 9);
                Random random = new Random(9);
                ParameterStore ps = new ParameterStore(manager, false);
                try (NDManager scope = manager.newSubManager();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    TrainingImages.Example example = sourceImages.next(random);
                    FasterRcnnOutput s = model.forward(ps, example.image().toNDArray(scope), example.targets(), true,
                            random);
                    FasterRcnnOutput t = model.forwardUnlabelled(ps, targetImages.next(random).toNDArray(scope), 100,
                            true, random);
                    FasterRcnnOutput top = model.withTopProposals(ps, s, 150, random);
                    assertThat(s.roi().numRois()).isEqualTo(64);
                    assertThat(top.roi().numRois()).isEqualTo(150);
                    assertThat(top.roiFeatures().getShape()).isEqualTo(new ai.djl.ndarray.types.Shape(150,
                            model.featureDim()));
                    assertThat(top.losses()).isEmpty();
                    int sampled = distinctRois(step.mine(s, t, 0).source());
                    AdaptationStep.Mined mined = step.mine(top, t, 0);
                    assertThat(sampled).isLessThanOrEqualTo(64);
                    assertThat(distinctRois(mined.source())).isGreaterThan(100);
                    gc.backward(alignment.detectorAlignmentLosses(mined.source(), mined.target())
                            .get(RegionAlignment.F_SOURCE));
                    assertThat(gradientMass(model.backbone().block().getParameters().values())).isPositive();
                }
            }
        }
    }

    /**
     * {@code adapt.warmup: ramp}: no source-only iterations; the alignment updates from the first
     * iteration with its learning rates ramped as the detector's (the solver's linear warm-up,
     * here from 0.25 over 2 iterations), then at their configured values; with sourceRois the
     * iteration mines the source's top proposals.
     */
    @Test
    void theRampAlignsFromTheFirstIterationWithItsLearningRatesRamped() {
        TrainConfig config = Configs.withOverrides(tinyDetector(), java.util.Map.of("solver.warmupIterations", 2,
                "solver.warmupFactor", 0.25));
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), toy.numClasses());
            model.initialize(manager, 128, 256);
            AlignmentConfig ac = alignment(Ablations.NONE);
            try (RegionAlignment alignment = new RegionAlignment(ac,
                    AlignmentShapes.forRegions(ac.preset(), model.featureDim()), manager)) {
                AdaptationStep step = new AdaptationStep(toy.sourceImages(true), toy.targetImages(true), alignment, 0,
                        100, 5).withAlignmentRamp(ScdaMethod.ramp(config.solver())).withSourceRois(150);
                List<Float> factors = new ArrayList<>();
                List<StepResult> results = new ArrayList<>();
                TrainingLoop loop = new TrainingLoop(model, manager,
                        Optimizers.create(config.solver(), model.getParameters().values(), manager),
                        LrSchedule.of(config.solver()), null, new Random(5), List.of(new TrainingLoop.Hook() {
                            @Override
                            public void afterStep(TrainingLoop l, StepResult s) {
                                results.add(s);
                                factors.add(alignment.learningRateFactor());
                            }
                        }), step);
                List<float[]> discriminators = snapshot(alignment.discriminatorParameters());
                loop.run(1);
                assertThat(results.get(0).losses()).containsKeys(RegionAlignment.D_SOURCE, RegionAlignment.F_ADV);
                assertThat(changed(alignment.discriminatorParameters(), discriminators)).isTrue();
                loop.run(3);
                assertThat(factors).containsExactly(0.25f, 0.625f, 1f);
                assertThat(step.alignedIterations()).isEqualTo(3);
            }
        }
    }

    @Test
    void benchmarkTimesWholeAlignedIterationsOnSyntheticImages() {
        org.scda.adapt.core.AdaptConfig config = new org.scda.adapt.core.AdaptConfig(tinyDetector(),
                org.scda.adapt.core.AdaptSettings.defaults())
                .withOverrides(java.util.Map.of("adapt.targetProposals", 100, "adapt.preset", "cpu-type3"));
        AdaptationBenchmark.Result r = AdaptationBenchmark.run(config, 2, 1, 2, 4);
        assertThat(r.ms()).hasSize(2);
        assertThat(java.util.Arrays.stream(r.ms()).min().getAsDouble()).isPositive();
        assertThat(r.medianMs()).isBetween(Math.min(r.ms()[0], r.ms()[1]), Math.max(r.ms()[0], r.ms()[1]));
        assertThat(r.width()).isEqualTo(256);
        assertThat(r.height()).isEqualTo(128);
        assertThat(r.preset()).isEqualTo("cpu-type3");
    }

    @Test
    void daFasterBaselineTrainsDetectorAndDomainClassifiersAfterWarmup() {
        TrainConfig config = tinyDetector();
        Engine.getInstance().setRandomSeed(6);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), toy.numClasses());
            model.initialize(manager, 128, 256);
            org.scda.adapt.dafaster.DaFasterHeads heads = new org.scda.adapt.dafaster.DaFasterHeads(
                    org.scda.adapt.dafaster.DaFasterConfig.defaults());
            heads.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32,
                    model.getOutputShapes(new ai.djl.ndarray.types.Shape[] {
                        new ai.djl.ndarray.types.Shape(1, 3, 128, 256)})[0],
                    new ai.djl.ndarray.types.Shape(1, model.featureDim()));
            DaFasterStep step = new DaFasterStep(toy.sourceImages(true),
                    toy.targetImages(true), heads,
                    Optimizers.create(config.solver(), heads.getParameters().values(), manager), manager, 1, 100);
            List<StepResult> results = new ArrayList<>();
            TrainingLoop loop = new TrainingLoop(model, manager,
                    Optimizers.create(config.solver(), model.getParameters().values(), manager),
                    LrSchedule.of(config.solver()), null, new Random(6), List.of(new TrainingLoop.Hook() {
                        @Override
                        public void afterStep(TrainingLoop l, StepResult s) {
                            results.add(s);
                        }
                    }), step);
            List<float[]> headsBefore = snapshot(heads.getParameters().values());
            loop.run(1);
            assertThat(changed(heads.getParameters().values(), headsBefore)).as("untouched in warm-up").isFalse();
            assertThat(results.get(0).losses()).doesNotContainKey(org.scda.adapt.dafaster.DaFasterHeads.IMAGE_LOSS);
            loop.run(3);
            for (StepResult r : results.subList(1, 3)) {
                assertThat(r.losses()).containsKeys(org.scda.adapt.dafaster.DaFasterHeads.IMAGE_LOSS,
                        org.scda.adapt.dafaster.DaFasterHeads.INSTANCE_LOSS,
                        org.scda.adapt.dafaster.DaFasterHeads.CONSISTENCY_LOSS, "roi.classifier");
                assertThat(r.losses().values()).allMatch(Double::isFinite);
                assertThat(r.skipped()).isFalse();
            }
            assertThat(changed(heads.getParameters().values(), headsBefore)).isTrue();
            int held = ManagedArrays.count(manager);
            loop.run(5);
            assertThat(ManagedArrays.count(manager)).as("arrays held after two more iterations").isEqualTo(held);
        }
    }

    @Test
    void targetPassLeavesBatchNormStatisticsAloneUnlessAskedTo() {
        TrainConfig config = tinyDetector();
        Engine.getInstance().setRandomSeed(8);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), toy.numClasses());
            model.initialize(manager, 128, 256);
            Parameter runningMean = model.backbone().block().getParameters().stream()
                    .filter(p -> p.getKey().contains("runningMean")).findFirst().orElseThrow().getValue();
            ParameterStore ps = new ParameterStore(manager, false);
            UnlabelledImages images = toy.targetImages(false);
            Random random = new Random(8);
            try (NDManager scope = manager.newSubManager()) {
                float[] before = runningMean.getArray().toFloatArray();
                FasterRcnnOutput frozen = model.forwardUnlabelled(ps, images.next(random).toNDArray(scope), 50, false,
                        true, random);
                assertThat(frozen.roiFeatures().getShape().get(0)).isEqualTo(50);
                assertThat(runningMean.getArray().toFloatArray()).containsExactly(before);
                model.forwardUnlabelled(ps, images.next(random).toNDArray(scope), 50, true, true, random);
                assertThat(runningMean.getArray().toFloatArray()).isNotEqualTo(before);
            }
        }
    }
}
