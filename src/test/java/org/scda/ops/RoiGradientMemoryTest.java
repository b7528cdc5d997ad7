package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RoI pooling keeps host-made index and weight tensors in the autograd graph: they must own
 * their memory. Arrays made from Java arrays borrow a buffer that is freed once the handle is
 * closed and collected; a backward after garbage collection then read garbage indices (seen in
 * adaptation runs, whose backward comes after several other updates, as "addmm: index out of
 * column bound"). Each test runs backward after forced collections and compares with the
 * gradient of an immediate backward.
 */
@Tag("engine")
class RoiGradientMemoryTest {
    private static final float[] ROIS = {0, 1.5f, 2f, 20f, 14f, 0, 0f, 0f, 31f, 31f, 0, 8f, 3f, 12f, 29f};

    private static void churnAndCollect() {
        for (int i = 0; i < 5; i++) {
            byte[][] garbage = new byte[64][];
            for (int j = 0; j < garbage.length; j++) {
                garbage[j] = new byte[1 << 20];
            }
            java.nio.ByteBuffer.allocateDirect(1 << 22).put(0, (byte) 1);
            System.gc();
        }
    }

    private static float[] gradient(Function<NDArray, NDArray> pool, boolean collectFirst) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray features = manager.randomNormal(new Shape(1, 4, 8, 8));
            features.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray pooled = pool.apply(features);
                NDArray loss = pooled.mul(pooled).sum();
                if (collectFirst) {
                    churnAndCollect();
                }
                gc.backward(loss);
            }
            return features.getGradient().toFloatArray();
        }
    }

    @Test
    void roiAlignSparseGradientSurvivesCollection() {
        RoiAlign align = new RoiAlign(3, 3, 0.25f, 2, true);
        Function<NDArray, NDArray> pool = f -> align.forward(f, ROIS, RoiAlign.Backend.SPARSE);
        assertThat(gradient(pool, true)).containsExactly(gradient(pool, false));
    }

    @Test
    void roiAlignGatherGradientSurvivesCollection() {
        RoiAlign align = new RoiAlign(3, 3, 0.25f, 2, true);
        Function<NDArray, NDArray> pool = f -> align.forward(f, ROIS, RoiAlign.Backend.GATHER);
        assertThat(gradient(pool, true)).containsExactly(gradient(pool, false));
    }

    @Test
    void roiPoolGradientSurvivesCollection() {
        RoiPool roiPool = new RoiPool(3, 3, 0.25f);
        Function<NDArray, NDArray> pool = f -> roiPool.forward(f, ROIS);
        assertThat(gradient(pool, true)).containsExactly(gradient(pool, false));
    }
}
