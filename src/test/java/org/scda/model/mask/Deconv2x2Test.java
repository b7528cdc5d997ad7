package org.scda.model.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class Deconv2x2Test {

    private static Parameter parameter(Deconv2x2 block, String suffix) {
        return block.getParameters().stream().filter(p -> p.getKey().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + suffix + " in " + block.getParameters().keys()))
                .getValue();
    }

    /**
     * Checks every output cell against the definition of a 2x2 stride-2 transposed convolution,
     * {@code out[n, o, 2i + dy, 2j + dx] = b[o] + sum_c x[n, c, i, j] w[c, o, dy, dx]}, with the
     * block's weights read back as torch's {@code (cin, cout, 2, 2)} layout.
     */
    @Test
    void matchesTheDefinitionOfATransposedConvolution() {
        int n = 2, cin = 3, cout = 4, h = 3, w = 2;
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            Deconv2x2 block = new Deconv2x2(cout);
            block.initialize(m, DataType.FLOAT32, new Shape(n, cin, h, w));
            Parameter weightParameter = parameter(block, "taps_weight");
            Parameter biasParameter = parameter(block, "bias");
            // give the bias non-zero values so it is checked too
            biasParameter.getArray().set(new float[] {0.5f, -1f, 2f, 0.25f});
            float[] taps = weightParameter.getArray().toFloatArray(); // (4 cout, cin, 1, 1)
            float[] bias = biasParameter.getArray().toFloatArray();
            NDArray input = m.randomNormal(new Shape(n, cin, h, w));
            float[] x = input.toFloatArray();
            NDArray out = block.forward(new ParameterStore(m, false), new NDList(input), false).singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(n, cout, 2 * h, 2 * w));
            float[] y = out.toFloatArray();
            for (int b = 0; b < n; b++) {
                for (int o = 0; o < cout; o++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            for (int dy = 0; dy < 2; dy++) {
                                for (int dx = 0; dx < 2; dx++) {
                                    double expected = bias[o];
                                    for (int c = 0; c < cin; c++) {
                                        // torch weight w[c, o, dy, dx] lives at tap channel 4o + 2dy + dx
                                        expected += x[((b * cin + c) * h + i) * w + j] * taps[(4 * o + 2 * dy + dx) * cin + c];
                                    }
                                    int row = 2 * i + dy;
                                    int col = 2 * j + dx;
                                    assertThat(y[((b * cout + o) * 2 * h + row) * 2 * w + col])
                                            .isCloseTo((float) expected, within(1e-5f));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
