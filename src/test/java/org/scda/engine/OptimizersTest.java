package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.config.Configs;
import org.scda.config.SolverConfig;

@Tag("engine")
class OptimizersTest {

    /** A 1-unit linear layer without bias, weight set to {@code w}; its gradient of sum(x w) is x. */
    private static Linear layer(NDManager m, float[] w) {
        Linear l = Linear.builder().setUnits(1).optBias(false).build();
        l.initialize(m, DataType.FLOAT32, new Shape(1, w.length));
        l.getParameters().get(0).getValue().getArray().set(w);
        return l;
    }

    private static void backward(NDManager m, Linear l, float[] x) {
        try (NDManager s = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = l.forward(new ai.djl.training.ParameterStore(s, false),
                    new NDList(s.create(x, new Shape(1, x.length))), true).singletonOrThrow();
            gc.backward(y.sum());
        }
    }

    private static SolverConfig solver(String optimizer, double wd, double clip) {
        return Configs.parseYaml("solver: {optimizer: " + optimizer + ", momentum: 0.9, weightDecay: " + wd
                + ", clipGradient: " + clip + "}").solver();
    }

    @Test
    void sgdMomentumWithWeightDecayAndStateRoundTrip() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear l = layer(m, new float[] {1f, 2f});
            List<Parameter> params = l.getParameters().values();
            Optimizers.Optimizer opt = Optimizers.create(solver("sgd", 0.5, 0), params, m);
            backward(m, l, new float[] {1f, -1f});
            assertThat(opt.step(0.1)).isTrue();
            // v = 0.1 (g + 0.5 w) = [0.15, 0.0]; w = [0.85, 2.0]
            float[] w = params.get(0).getArray().toFloatArray();
            assertThat(w[0]).isCloseTo(0.85f, within(1e-6f));
            assertThat(w[1]).isCloseTo(2.0f, within(1e-6f));
            backward(m, l, new float[] {1f, -1f});
            opt.step(0.1);
            // v = 0.9 v + 0.1 (g + 0.5 w) = [0.135 + 0.1425, 0 + 0.1 * (-1 + 1)] = [0.2775, 0]
            w = params.get(0).getArray().toFloatArray();
            assertThat(w[0]).isCloseTo(0.85f - 0.2775f, within(1e-6f));
            assertThat(w[1]).isCloseTo(2.0f, within(1e-6f));
            NDList state = opt.state();
            Optimizers.Optimizer restored = Optimizers.create(solver("sgd", 0.5, 0), params, m);
            restored.loadState(NDList.decode(m, state.encode()));
            assertThat(restored.state().get(0).toFloatArray()).containsExactly(state.get(0).toFloatArray());
        }
    }

    @Test
    void clipsTheGlobalNormAndSkipsNonFiniteGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear l = layer(m, new float[] {0f, 0f});
            List<Parameter> params = l.getParameters().values();
            Optimizers.Optimizer opt = Optimizers.create(solver("sgd", 0, 1.0), params, m);
            backward(m, l, new float[] {3f, 4f}); // norm 5 -> scaled to 1
            opt.step(1.0);
            float[] w = params.get(0).getArray().toFloatArray();
            assertThat(w[0]).isCloseTo(-0.6f, within(1e-6f));
            assertThat(w[1]).isCloseTo(-0.8f, within(1e-6f));
            backward(m, l, new float[] {Float.NaN, 1f});
            assertThat(opt.step(1.0)).isFalse();
            assertThat(params.get(0).getArray().toFloatArray()).containsExactly(w);
        }
    }

    @Test
    void adamFirstStepMovesEachWeightByTheLearningRate() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear l = layer(m, new float[] {1f, 1f});
            List<Parameter> params = l.getParameters().values();
            Optimizers.Optimizer opt = Optimizers.create(solver("adam", 0, 0), params, m);
            backward(m, l, new float[] {2f, -0.5f});
            opt.step(0.01);
            float[] w = params.get(0).getArray().toFloatArray();
            assertThat(w[0]).isCloseTo(0.99f, within(1e-5f));
            assertThat(w[1]).isCloseTo(1.01f, within(1e-5f));
            assertThat(opt.state().size()).isEqualTo(3);
        }
    }
}
