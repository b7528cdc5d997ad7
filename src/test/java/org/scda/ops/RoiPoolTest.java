package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class RoiPoolTest {

    @Test
    void maxOfEachBinAndGradientToTheArgmax() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = new float[6 * 12];
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 12; x++) {
                    v[y * 12 + x] = x + 10 * y;
                }
            }
            NDArray f = m.create(v, new Shape(1, 1, 6, 12));
            f.setRequiresGradient(true);
            float[] out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // cells x 2..5, y 1..3 (inclusive, 4 x 3); two bins of 2 columns: [2,4) and [4,6)
                NDArray pooled = new RoiPool(1, 2, 0.5f).forward(f, new float[] {0, 4, 2, 10, 6});
                out = pooled.toFloatArray();
                gc.backward(pooled.sum());
            }
            assertThat(out).containsExactly(33f, 35f);
            float[] g = f.getGradient().toFloatArray();
            for (int i = 0; i < g.length; i++) {
                assertThat(g[i]).isEqualTo(i == 3 * 12 + 3 || i == 3 * 12 + 5 ? 1f : 0f);
            }
        }
    }

    @Test
    void binsOutsideTheMapAreZeroWithoutGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = m.ones(new Shape(1, 1, 4, 4)).mul(-2);
            f.setRequiresGradient(true);
            float[] out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // RoI cells x 2..7 of a 4-wide map: the right bin is empty
                NDArray pooled = new RoiPool(1, 2, 1f).forward(f, new float[] {0, 2, 0, 7, 3});
                out = pooled.toFloatArray();
                gc.backward(pooled.sum());
            }
            assertThat(out).containsExactly(-2f, 0f);
            float sum = 0;
            for (float g : f.getGradient().toFloatArray()) {
                sum += g;
            }
            assertThat(sum).isEqualTo(1f);
        }
    }
}
