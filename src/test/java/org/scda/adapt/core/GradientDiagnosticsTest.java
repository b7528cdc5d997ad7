package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.align.Ablations;
import org.scda.adapt.align.AdaptationStep;
import org.scda.adapt.align.AdaptationStepTest;
import org.scda.adapt.align.AlignmentConfig;
import org.scda.adapt.align.AlignmentShapes;
import org.scda.adapt.align.RegionAlignment;
import org.scda.adapt.dafaster.DaFasterConfig;
import org.scda.adapt.dafaster.DaFasterHeads;
import org.scda.adapt.dafaster.DaFasterStep;
import org.scda.config.TrainConfig;
import org.scda.engine.LrSchedule;
import org.scda.engine.Optimizers;
import org.scda.engine.StepResult;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyDomains;

/**
 * The gradient diagnostic of the adaptation step on tiny generated scenes: finite positive
 * norms, an alignment gradient of exactly zero at lambda 0, and a training that is the same
 * with the diagnostic as without.
 */
@Tag("engine")
class GradientDiagnosticsTest {

    @TempDir
    static Path dir;
    static ToyDomains toy;

    @BeforeAll
    static void data() throws Exception {
        OneEngineThread.use();
        toy = ToyDomains.generate(dir);
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private record Run(List<Map<String, Double>> diagnostics, List<float[]> weights, List<StepResult> steps) {
    }

    /**
     * Three iterations of {@code step} on {@code model}, collecting each step's result and
     * diagnostics, then the weights of the model and of {@code others}.
     */
    private static Run train(FasterRcnn model, NDManager manager, TrainConfig config, TrainingLoop.Step step,
                             GradientDiagnostics.Source diagnosed, long seed, ai.djl.nn.Block... others) {
        List<Map<String, Double>> diagnostics = new ArrayList<>();
        List<StepResult> steps = new ArrayList<>();
        TrainingLoop loop = new TrainingLoop(model, manager,
                Optimizers.create(config.solver(), model.getParameters().values(), manager),
                LrSchedule.of(config.solver()), null, new Random(seed), List.of(new TrainingLoop.Hook() {
                    @Override
                    public void afterStep(TrainingLoop l, StepResult s) {
                        steps.add(s);
                        Map<String, Double> d = diagnosed.takeDiagnostics();
                        if (d != null) {
                            diagnostics.add(d);
                        }
                    }
                }), step);
        loop.run(3);
        List<float[]> weights = new ArrayList<>();
        for (Parameter p : model.getParameters().values()) {
            weights.add(p.getArray().toFloatArray());
        }
        for (ai.djl.nn.Block b : others) {
            for (Parameter p : b.getParameters().values()) {
                weights.add(p.getArray().toFloatArray());
            }
        }
        return new Run(diagnostics, weights, steps);
    }

    /** Three iterations (the first source-only), diagnosing every {@code every}-th. */
    private static Run run(float lambda, int every) {
        TrainConfig config = AdaptationStepTest.tinyDetector();
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), toy.numClasses());
            model.initialize(manager, 128, 256);
            AlignmentConfig ac = AdaptationStepTest.alignment(Ablations.NONE).withLambda(lambda);
            try (RegionAlignment alignment = new RegionAlignment(ac,
                    AlignmentShapes.forRegions(ac.preset(), model.featureDim()), manager)) {
                AdaptationStep step = new AdaptationStep(toy.sourceImages(true),
                        toy.targetImages(true), alignment, 1, 100, 5)
                        .withGradientDiagnostics(every);
                return train(model, manager, config, step, step, 5);
            }
        }
    }

    @Test
    void measuresFinitePositiveNormsOnAlignedIterationsOnly() {
        Run r = run(0.1f, 1);
        // iteration 0 is the warm-up: nothing to diagnose; 1 and 2 align
        assertThat(r.diagnostics()).hasSize(2);
        for (Map<String, Double> d : r.diagnostics()) {
            for (String group : new String[] {"backbone", "roi", "all"}) {
                assertThat(d.get("diag.grad_dec." + group)).as("dec " + group).isFinite().isPositive();
                assertThat(d.get("diag.grad_align." + group)).as("align " + group).isFinite().isPositive();
                assertThat(d.get("diag.ratio." + group)).isCloseTo(
                        d.get("diag.grad_align." + group) / d.get("diag.grad_dec." + group),
                        org.assertj.core.api.Assertions.within(1e-9));
                assertThat(d.get("diag.cos." + group)).isBetween(-1.0, 1.0);
            }
            // the alignment reaches the detector through the region features only: not the RPN head
            assertThat(d.get("diag.grad_dec.rpn")).isPositive();
            assertThat(d.get("diag.grad_align.rpn")).isZero();
            assertThat(d).containsKeys("diag.iteration", "diag.lambda", "diag.wt_mean", "diag.d_source",
                    "diag.d_target", "diag.l_dec", "diag.l_align", "diag.grad_align_source.all");
            assertThat(d.get("diag.lambda")).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-6));
        }
        assertThat(r.diagnostics().get(0).get("diag.iteration")).isEqualTo(2.0);
        // running sums: after one diagnosed iteration they are that iteration's gradients
        Map<String, Double> first = r.diagnostics().get(0);
        assertThat(first.get("diag.sum_count")).isEqualTo(1.0);
        assertThat(first.get("diag.sum_ratio.all")).isCloseTo(first.get("diag.ratio.all"),
                org.assertj.core.api.Assertions.within(1e-6));
        assertThat(first.get("diag.sum_cos.backbone")).isCloseTo(first.get("diag.cos.backbone"),
                org.assertj.core.api.Assertions.within(1e-6));
        assertThat(r.diagnostics().get(1).get("diag.sum_count")).isEqualTo(2.0);
        assertThat(r.diagnostics().get(1).get("diag.sum_ratio.all")).isFinite().isPositive();
    }

    @Test
    void alignmentGradientIsExactlyZeroAtLambdaZero() {
        Run r = run(0f, 1);
        assertThat(r.diagnostics()).hasSize(2);
        for (Map<String, Double> d : r.diagnostics()) {
            assertThat(d.get("diag.grad_dec.all")).isFinite().isPositive();
            for (String group : new String[] {"backbone", "rpn", "roi", "all"}) {
                assertThat(d.get("diag.grad_align." + group)).as(group).isEqualTo(0.0);
                assertThat(d.get("diag.ratio." + group)).as(group).isEqualTo(0.0);
            }
            assertThat(d.get("diag.sum_ratio.all")).isEqualTo(0.0);
            assertThat(d.get("diag.cos.all")).isNaN();
        }
    }

    @Test
    void theDiagnosticLeavesTheTrainingUnchanged() {
        Run with = run(0.1f, 1);
        Run without = run(0.1f, 0);
        assertThat(without.diagnostics()).isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(with.steps().get(i).totalLoss()).isEqualTo(without.steps().get(i).totalLoss());
        }
        assertThat(with.weights()).hasSameSizeAs(without.weights());
        for (int i = 0; i < with.weights().size(); i++) {
            assertThat(java.util.Arrays.equals(with.weights().get(i), without.weights().get(i)))
                    .as("parameter %d unchanged by the diagnostic (max diff %s)", i,
                            maxDiff(with.weights().get(i), without.weights().get(i))).isTrue();
        }
    }

    /** DA Faster, three iterations (the first source-only): diagnostics and final detector weights. */
    private static Run runDaFaster(int every) {
        TrainConfig config = AdaptationStepTest.tinyDetector();
        Engine.getInstance().setRandomSeed(6);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), toy.numClasses());
            model.initialize(manager, 128, 256);
            DaFasterHeads heads = new DaFasterHeads(DaFasterConfig.defaults());
            heads.initialize(manager, DataType.FLOAT32, model.getOutputShapes(new Shape[] {new Shape(1, 3, 128, 256)})[0],
                    new Shape(1, model.featureDim()));
            DaFasterStep step = new DaFasterStep(toy.sourceImages(true),
                    toy.targetImages(true), heads,
                    Optimizers.create(config.solver(), heads.getParameters().values(), manager), manager, 1, 100)
                    .withGradientDiagnostics(every);
            return train(model, manager, config, step, step, 6, heads);
        }
    }

    @Test
    void daFasterDiagnosticMeasuresTheDomainLossesAndLeavesTheTrainingUnchanged() {
        Run with = runDaFaster(1);
        assertThat(with.diagnostics()).hasSize(2);
        for (Map<String, Double> d : with.diagnostics()) {
            for (String group : new String[] {"backbone", "roi", "all"}) {
                assertThat(d.get("diag.grad_dec." + group)).as("dec " + group).isFinite().isPositive();
                assertThat(d.get("diag.grad_align." + group)).as("align " + group).isFinite().isPositive();
            }
            // the image-level classifier sits on the backbone map: no gradient into the RoI head
            assertThat(d.get("diag.grad_align_image.backbone")).isPositive();
            assertThat(d.get("diag.grad_align_image.roi")).isZero();
        }
        Run without = runDaFaster(0);
        assertThat(without.diagnostics()).isEmpty();
        for (int i = 0; i < with.weights().size(); i++) {
            assertThat(java.util.Arrays.equals(with.weights().get(i), without.weights().get(i)))
                    .as("parameter %d unchanged by the diagnostic (max diff %s)", i,
                            maxDiff(with.weights().get(i), without.weights().get(i))).isTrue();
        }
    }
}
