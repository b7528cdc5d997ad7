package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class RoiAlignTest {

    /** One image, two channels of 6 x 12: channel 0 is {@code x + 10 y}, channel 1 is 3. */
    private static NDArray rampAndConstant(NDManager m) {
        float[] v = new float[2 * 6 * 12];
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 12; x++) {
                v[y * 12 + x] = x + 10 * y;
                v[72 + y * 12 + x] = 3;
            }
        }
        return m.create(v, new Shape(1, 2, 6, 12));
    }

    @Test
    void alignedRampIsSampledAtBinCentres() {
        try (NDManager m = NDManager.newBaseManager()) {
            // image pixels = 2 x feature cells; RoI x 4..18, y 2..8 -> cells 2..9, 1..4, minus 0.5
            // -> bins of 1 cell centred on x = 2 + pw, y = 1 + ph, exact for a linear map
            for (int sampling : new int[] {0, 1, 2, 3}) {
                NDArray out = new RoiAlign(3, 7, 0.5f, sampling, true)
                        .forward(rampAndConstant(m), new float[] {0, 4, 2, 18, 8});
                assertThat(out.getShape()).isEqualTo(new Shape(1, 2, 3, 7));
                float[] v = out.toFloatArray();
                for (int ph = 0; ph < 3; ph++) {
                    for (int pw = 0; pw < 7; pw++) {
                        assertThat(v[ph * 7 + pw]).isCloseTo(2 + pw + 10 * (1 + ph), within(1e-5f));
                        assertThat(v[21 + ph * 7 + pw]).isCloseTo(3f, within(1e-6f));
                    }
                }
            }
        }
    }

    @Test
    void notAlignedRampIsHalfACellFurther() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = new RoiAlign(3, 7, 0.5f, 2, false)
                    .forward(rampAndConstant(m), new float[] {0, 4, 2, 18, 8}).toFloatArray();
            assertThat(v[0]).isCloseTo(2.5f + 10 * 1.5f, within(1e-5f));
            assertThat(v[20]).isCloseTo(8.5f + 10 * 3.5f, within(1e-5f));
        }
    }

    @Test
    void roiOutsideTheMapPoolsZeros() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = new RoiAlign(2, 2, 1f, 2, false)
                    .forward(rampAndConstant(m), new float[] {0, -50, -40, -30, -20}).toFloatArray();
            assertThat(v).containsOnly(0f);
        }
    }

    @Test
    void gradientReachesTheSampledCellsWithTotalWeightOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = rampAndConstant(m);
            f.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = new RoiAlign(2, 2, 1f, 2, true).forward(f, m.create(new float[] {0, 2.3f, 1.2f, 7.9f, 4.6f}, new Shape(1, 5)));
                gc.backward(out.sum());
            }
            float[] g = f.getGradient().toFloatArray();
            float channel0 = 0;
            for (int i = 0; i < 72; i++) {
                channel0 += g[i];
                assertThat(g[i]).isGreaterThanOrEqualTo(0f);
            }
            // 4 outputs per channel, each a convex combination of cells inside the map
            assertThat(channel0).isCloseTo(4f, within(1e-5f));
            assertThat(g[0]).isZero(); // cell (0, 0) is far from the RoI
        }
    }

    /**
     * Regression: the host-made index and weights must survive garbage collection between
     * forward and backward (DJL's create() borrows Java memory; see HostTensors).
     */
    @Test
    void gradientIsUnchangedWhenGarbageIsCollectedBeforeBackward() {
        float[] expected = gradientOfSum(false);
        float[] afterGc = gradientOfSum(true);
        assertThat(afterGc).containsExactly(expected);
    }

    private static float[] gradientOfSum(boolean collectGarbage) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = rampAndConstant(m);
            f.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = new RoiAlign(3, 3, 1f, 2, true).forward(f, new float[] {0, 1.3f, 0.7f, 9.9f, 5.1f, 0, 0, 0, 4, 4});
                NDArray loss = out.mul(out).sum();
                if (collectGarbage) {
                    for (int i = 0; i < 5; i++) {
                        byte[][] junk = new byte[64][];
                        for (int j = 0; j < junk.length; j++) {
                            junk[j] = new byte[1 << 16];
                        }
                        System.gc();
                        try (NDArray filler = m.ones(new Shape(4096, 64))) {
                            filler.mul(7);
                        }
                    }
                }
                gc.backward(loss);
            }
            return f.getGradient().toFloatArray();
        }
    }

    @Test
    void noRoisGiveAnEmptyResult() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = new RoiAlign(7, 7, 0.0625f, 2, false).forward(rampAndConstant(m), new float[0]);
            assertThat(out.getShape()).isEqualTo(new Shape(0, 2, 7, 7));
        }
    }
}
