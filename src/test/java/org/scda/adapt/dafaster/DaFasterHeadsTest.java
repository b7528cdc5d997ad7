package org.scda.adapt.dafaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class DaFasterHeadsTest {
    private static final int C = 16;
    private static final int H = 5;
    private static final int W = 7;
    private static final int R = 6;
    private static final int D = 32;

    private static DaFasterHeads heads(NDManager m, DaFasterConfig config) {
        Engine.getInstance().setRandomSeed(7);
        DaFasterHeads heads = new DaFasterHeads(config);
        heads.initialize(m, DataType.FLOAT32, new Shape(1, C, H, W), new Shape(R, D));
        return heads;
    }

    private static NDArray sum(Map<String, NDArray> losses) {
        return losses.values().stream().reduce(NDArray::add).orElseThrow();
    }

    @Test
    void outputShapesAndLossKeys() {
        try (NDManager m = NDManager.newBaseManager()) {
            DaFasterHeads heads = heads(m, DaFasterConfig.defaults());
            NDArray f = m.randomNormal(new Shape(1, C, H, W));
            NDArray r = m.randomNormal(new Shape(R, D));
            ParameterStore ps = new ParameterStore(m, false);
            assertThat(heads.imageClassifier().logits(ps, f, false).getShape()).isEqualTo(new Shape(1, 1, H, W));
            assertThat(heads.instanceClassifier().logits(ps, r, true).getShape()).isEqualTo(new Shape(R, 1));
            NDList out = heads.forward(ps, new NDList(f, r), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(1, 1, H, W));
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(R, 1));
            assertThat(heads.getOutputShapes(new Shape[] {f.getShape(), r.getShape()}))
                    .containsExactly(new Shape(1, 1, H, W), new Shape(R, 1));

            Map<String, NDArray> losses = heads.losses(f, r, Domain.TARGET, true);
            assertThat(losses.keySet()).containsExactly("da.image", "da.instance", "da.consistency");
            for (NDArray loss : losses.values()) {
                assertThat(loss.getShape()).isEqualTo(new Shape());
                assertThat(loss.getFloat()).isFinite().isGreaterThanOrEqualTo(0f);
            }
            // freshly initialised classifiers output logits near 0: BCE near log 2, weighted by lambda
            assertThat(losses.get("da.image").getFloat()).isCloseTo(0.1f * (float) Math.log(2), within(1e-3f));
            assertThatThrownBy(() -> heads.losses(m.zeros(new Shape(2, C, H, W)), r, 0, false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> heads.losses(f, m.zeros(new Shape(0, D)), 0, false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private record Gradients(float[] features, float[] rois, List<float[]> parameters) {
    }

    private static Gradients gradients(NDManager m, DaFasterHeads heads, float[] f, float[] r, boolean reversed) {
        NDArray features = m.create(f, new Shape(1, C, H, W));
        NDArray rois = m.create(r, new Shape(R, D));
        features.setRequiresGradient(true);
        rois.setRequiresGradient(true);
        ParameterStore ps = new ParameterStore(m, false);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Map<String, NDArray> losses = reversed
                    ? heads.losses(ps, features, rois, Domain.SOURCE, false)
                    : heads.classifierLosses(ps, features, rois, Domain.SOURCE, false);
            gc.backward(sum(losses));
        }
        List<float[]> parameterGradients = new ArrayList<>();
        for (Parameter p : heads.getParameters().values()) {
            try (NDArray g = p.getArray().getGradient()) {
                parameterGradients.add(g.toFloatArray());
            }
            JniUtils.zeroGrad((PtNDArray) p.getArray());
        }
        return new Gradients(features.getGradient().toFloatArray(), rois.getGradient().toFloatArray(), parameterGradients);
    }

    @Test
    void reversalNegatesAndScalesTheFeatureGradientButNotTheClassifiers() {
        float grlWeight = 0.5f;
        try (NDManager m = NDManager.newBaseManager()) {
            DaFasterHeads heads = heads(m, DaFasterConfig.defaults().withGrlWeight(grlWeight));
            float[] f = m.randomNormal(new Shape(1, C, H, W)).add(1f).toFloatArray();
            float[] r = m.randomNormal(new Shape(R, D)).add(1f).toFloatArray();
            Gradients plain = gradients(m, heads, f, r, false);
            Gradients reversed = gradients(m, heads, f, r, true);

            assertReversed(plain.features, reversed.features, grlWeight);
            assertReversed(plain.rois, reversed.rois, grlWeight);
            assertThat(reversed.parameters).hasSameSizeAs(plain.parameters);
            for (int i = 0; i < plain.parameters.size(); i++) {
                float[] a = plain.parameters.get(i);
                float[] b = reversed.parameters.get(i);
                float scale = maxAbs(a);
                for (int k = 0; k < a.length; k++) {
                    assertThat(b[k]).isCloseTo(a[k], within(1e-4f * scale + 1e-12f));
                }
            }
        }
    }

    private static void assertReversed(float[] plain, float[] reversed, float grlWeight) {
        float scale = maxAbs(plain);
        assertThat(scale).as("the domain loss must reach the features").isGreaterThan(0f);
        double dot = 0;
        for (int k = 0; k < plain.length; k++) {
            assertThat(reversed[k]).isCloseTo(-grlWeight * plain[k], within(1e-4f * scale));
            dot += (double) plain[k] * reversed[k];
        }
        assertThat(dot).isNegative();
    }

    private static float maxAbs(float[] a) {
        float max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** Source features around +1, target around -1: any reasonable classifier separates them. */
    private static NDList batch(NDManager m, int domain) {
        float shift = domain == Domain.SOURCE ? 1f : -1f;
        return new NDList(m.randomNormal(new Shape(1, C, H, W)).mul(0.5f).add(shift),
                m.randomNormal(new Shape(R, D)).mul(0.5f).add(shift));
    }

    /** Unweighted image + instance classification loss on fixed batches of both domains, no dropout. */
    private static float classifierLoss(DaFasterHeads heads, NDManager m, List<NDList> evalBatches) {
        ParameterStore ps = new ParameterStore(m, false);
        float total = 0;
        for (int domain = 0; domain < 2; domain++) {
            NDList b = evalBatches.get(domain);
            Map<String, NDArray> l = heads.classifierLosses(ps, b.get(0), b.get(1), domain, false);
            total += (l.get("da.image").getFloat() + l.get("da.instance").getFloat()) / heads.config().lambda();
        }
        return total;
    }

    @Test
    void optimiserStepsThroughTheReversalTeachTheClassifiers() {
        try (NDManager m = NDManager.newBaseManager()) {
            DaFasterHeads heads = heads(m, new DaFasterConfig(1f, 1f, 0.5f, 3));
            List<NDList> evalBatches = List.of(batch(m, 0), batch(m, 1));
            float before = classifierLoss(heads, m, evalBatches);
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build();
            ParameterStore ps = new ParameterStore(m, false);
            for (int step = 0; step < 10; step++) {
                int domain = step % 2;
                try (NDManager it = m.newSubManager()) {
                    NDList b = batch(it, domain);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(sum(heads.losses(ps, b.get(0), b.get(1), domain, true)));
                    }
                    for (Parameter p : heads.getParameters().values()) {
                        try (NDArray g = p.getArray().getGradient()) {
                            sgd.update(p.getId(), p.getArray(), g);
                        }
                    }
                }
            }
            float after = classifierLoss(heads, m, evalBatches);
            assertThat(after).as("classifier loss before %s after %s", before, after).isLessThan(0.8f * before);
        }
    }

    @Test
    void reversedGradientStepsOnTheFeaturesConfuseAFixedClassifier() {
        try (NDManager m = NDManager.newBaseManager()) {
            DaFasterHeads heads = heads(m, new DaFasterConfig(1f, 1f, 0.5f, 3));
            List<NDList> batches = List.of(batch(m, 0), batch(m, 1));
            // first make the classifiers informative
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build();
            ParameterStore ps = new ParameterStore(m, false);
            for (int step = 0; step < 10; step++) {
                NDList b = batches.get(step % 2);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(sum(heads.losses(ps, b.get(0), b.get(1), step % 2, false)));
                }
                for (Parameter p : heads.getParameters().values()) {
                    try (NDArray g = p.getArray().getGradient()) {
                        sgd.update(p.getId(), p.getArray(), g);
                    }
                }
            }
            // then descend the reversed gradient with respect to the source features only
            NDArray f = batches.get(0).get(0).duplicate();
            NDArray r = batches.get(0).get(1).duplicate();
            float before = classifierLoss(heads, m, List.of(new NDList(f, r), batches.get(1)));
            for (int step = 0; step < 5; step++) {
                f.setRequiresGradient(true);
                r.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(sum(heads.losses(ps, f, r, Domain.SOURCE, false)));
                }
                NDArray nf = f.sub(f.getGradient().mul(50f)).stopGradient();
                NDArray nr = r.sub(r.getGradient().mul(50f)).stopGradient();
                f = nf;
                r = nr;
            }
            float after = classifierLoss(heads, m, List.of(new NDList(f, r), batches.get(1)));
            assertThat(after).as("classifier loss before %s after %s", before, after).isGreaterThan(before);
        }
    }

    @Test
    void dropoutIsSeededAndOnlyInTraining() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray r = m.randomNormal(new Shape(R, D));
            ParameterStore ps = new ParameterStore(m, false);
            float[][] outputs = new float[3][];
            long[] seeds = {11, 11, 12};
            for (int i = 0; i < 3; i++) {
                Engine.getInstance().setRandomSeed(5);
                InstanceLevelDomainClassifier c = new InstanceLevelDomainClassifier(0.5f, seeds[i]);
                c.initialize(m, DataType.FLOAT32, new Shape(R, D));
                outputs[i] = c.logits(ps, r, true).toFloatArray();
                if (i == 0) {
                    float[] eval1 = c.logits(ps, r, false).toFloatArray();
                    float[] eval2 = c.logits(ps, r, false).toFloatArray();
                    assertThat(eval1).containsExactly(eval2);
                    assertThat(eval1).isNotEqualTo(outputs[0]);
                }
            }
            assertThat(outputs[1]).containsExactly(outputs[0]);
            assertThat(outputs[2]).isNotEqualTo(outputs[0]);
        }
    }
}
