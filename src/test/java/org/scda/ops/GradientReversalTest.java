package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class GradientReversalTest {

    @Test
    void forwardIsIdentityAndGradientIsNegatedAndScaled() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] values = {0.1f, -2.5f, 3.3333333f, 1e-7f};
            NDArray x = m.create(values);
            x.setRequiresGradient(true);
            NDArray upstream = m.create(new float[] {1, 2, -3, 4});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = GradientReversal.apply(x, 0.3f);
                assertThat(y.toFloatArray()).containsExactly(values);
                gc.backward(y.mul(upstream).sum());
            }
            assertThat(x.getGradient().toFloatArray())
                    .containsExactly(new float[] {-0.3f, -0.6f, 0.9f, -1.2f}, within(1e-6f));
        }
    }
}
