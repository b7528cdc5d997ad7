package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The PyTorch engine starts offline and computes. */
@Tag("engine")
class EngineSmokeTest {

    @Test
    void engineComputesOffline() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3});
            assertThat(a.mul(2).sum().getFloat()).isEqualTo(12f);
            assertThat(manager.getEngine().getEngineName()).isEqualTo("PyTorch");
        }
    }
}
