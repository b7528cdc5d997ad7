package org.scda.model.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.Polygon;

@Tag("engine")
class MaskHeadTest {
    private static final int C = 8;
    private static final int K = 4;

    private static MaskHead head(NDManager m, int rois) {
        Engine.getInstance().setRandomSeed(3);
        MaskHead head = new MaskHead(K, 16);
        head.initialize(m, DataType.FLOAT32, new Shape(rois, C, 14, 14));
        return head;
    }

    @Test
    void outputIsPerClass28x28() {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskHead head = head(m, 3);
            NDArray logits = head.logits(new ParameterStore(m, false), m.randomNormal(new Shape(3, C, 14, 14)), false);
            assertThat(logits.getShape()).isEqualTo(new Shape(3, K, 28, 28));
            assertThat(head.getOutputShapes(new Shape[] {new Shape(3, C, 14, 14)})).containsExactly(new Shape(3, K, 28, 28));
            assertThat(MaskHead.probabilities(logits, new int[] {1, 3, 2}).getShape()).isEqualTo(new Shape(3, 28, 28));
            assertThatThrownBy(() -> head.logits(new ParameterStore(m, false), m.zeros(new Shape(1, C, 7, 7)), false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void selectPicksEachRoisClassChannel() {
        try (NDManager m = NDManager.newBaseManager()) {
            // logits[r, k, :, :] = 10 r + k
            float[] values = new float[2 * 3 * 2 * 2];
            for (int r = 0; r < 2; r++) {
                for (int k = 0; k < 3; k++) {
                    for (int c = 0; c < 4; c++) {
                        values[((r * 3) + k) * 4 + c] = 10 * r + k;
                    }
                }
            }
            NDArray logits = m.create(values, new Shape(2, 3, 2, 2));
            assertThat(MaskHead.select(logits, new int[] {2, 1}).toFloatArray())
                    .containsExactly(2, 2, 2, 2, 11, 11, 11, 11);
        }
    }

    @Test
    void lossIsBinaryCrossEntropyOnTheGroundTruthClassOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            // one RoI, 2 classes, 1x2 map: class 1 logits (0, 2), target (1, 0); class 0 logits huge
            NDArray logits = m.create(new float[] {100f, -100f, 0f, 2f}, new Shape(1, 2, 1, 2));
            logits.setRequiresGradient(true);
            NDArray targets = m.create(new float[] {1f, 0f}, new Shape(1, 1, 2));
            double expected = (Math.log(2) + Math.log(1 + Math.exp(2))) / 2;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = MaskHead.loss(logits, new int[] {1}, targets);
                assertThat(loss.getFloat()).isCloseTo((float) expected, within(1e-5f));
                gc.backward(loss);
            }
            float[] grad = logits.getGradient().toFloatArray();
            assertThat(grad[0]).isZero();
            assertThat(grad[1]).isZero();
            // d/dx mean BCE = (sigmoid(x) - t) / 2
            assertThat(grad[2]).isCloseTo(-0.25f, within(1e-6f));
            assertThat(grad[3]).isCloseTo((float) (1 / (1 + Math.exp(-2)) / 2), within(1e-6f));
            assertThat(MaskHead.loss(m.zeros(new Shape(0, 2, 28, 28)), new int[0], m.zeros(new Shape(0, 28, 28))).getFloat())
                    .isZero();
        }
    }

    @Test
    void lossFallsOverAFewStepsOnOneTarget() {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskHead head = head(m, 2);
            NDArray features = m.randomNormal(new Shape(2, C, 14, 14));
            Polygon triangle = new Polygon(new double[] {0, 0, 28, 0, 0, 28});
            Polygon square = new Polygon(new double[] {7, 7, 21, 7, 21, 21, 7, 21});
            BoundingBox roi = new BoundingBox(0, 0, 28, 28);
            float[] t = MaskTargets.rasterize(List.of(List.of(triangle), List.of(square)), List.of(roi, roi), 28);
            NDArray targets = m.create(t, new Shape(2, 28, 28));
            int[] classes = {1, 3};
            ParameterStore ps = new ParameterStore(m, false);
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f).build();
            float first = Float.NaN;
            float last = Float.NaN;
            for (int step = 0; step < 15; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = MaskHead.loss(head.logits(ps, features, true), classes, targets);
                    last = loss.getFloat();
                    if (step == 0) {
                        first = last;
                    }
                    gc.backward(loss);
                }
                for (Parameter p : head.getParameters().values()) {
                    try (NDArray g = p.getArray().getGradient()) {
                        sgd.update(p.getId(), p.getArray(), g);
                    }
                }
            }
            assertThat(last).as("loss first %s last %s", first, last).isLessThan(0.7f * first);
        }
    }
}
