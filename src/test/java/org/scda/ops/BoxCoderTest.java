package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class BoxCoderTest {

    @Test
    void encodesKnownOffsets() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray proposals = m.create(new float[] {0, 0, 10, 10, 0, 0, 10, 10}, new Shape(2, 4));
            NDArray targets = m.create(new float[] {5, 5, 15, 15, 0, 0, 20, 10}, new Shape(2, 4));
            float[] rpn = new BoxCoder(1, 1, 1, 1).encode(targets, proposals).toFloatArray();
            assertThat(rpn).containsExactly(new float[] {0.5f, 0.5f, 0, 0, 0.5f, 0, (float) Math.log(2), 0}, within(1e-6f));
            float[] head = new BoxCoder(10, 10, 5, 5).encode(targets, proposals).toFloatArray();
            assertThat(head).containsExactly(new float[] {5, 5, 0, 0, 5, 0, 5 * (float) Math.log(2), 0}, within(1e-5f));
        }
    }

    @Test
    void decodeInvertsEncodeForEveryClassSlot() {
        Random r = new Random(5);
        int n = 50;
        float[] boxes = randomBoxes(r, n);
        float[] targets = randomBoxes(r, n);
        BoxCoder coder = new BoxCoder(10, 10, 5, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray b = m.create(boxes, new Shape(n, 4));
            NDArray t = m.create(targets, new Shape(n, 4));
            NDArray deltas = coder.encode(t, b);
            NDArray twoSlots = deltas.concat(deltas.mul(0), 1); // K = 2: the target and the box itself
            float[] decoded = coder.decode(twoSlots, b).toFloatArray();
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 4; c++) {
                    assertThat(decoded[8 * i + c]).isCloseTo(targets[4 * i + c], within(1e-3f));
                    assertThat(decoded[8 * i + 4 + c]).isCloseTo(boxes[4 * i + c], within(1e-3f));
                }
            }
            float[] host = coder.decode(twoSlots.toFloatArray(), boxes);
            assertThat(host).containsExactly(coder.decode(twoSlots, b).toFloatArray(), within(1e-3f));
        }
    }

    @Test
    void decodeClampsTheLogScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray box = m.create(new float[] {0, 0, 16, 16}, new Shape(1, 4));
            NDArray huge = m.create(new float[] {0, 0, 100, 100}, new Shape(1, 4));
            float[] d = new BoxCoder(1, 1, 1, 1).decode(huge, box).toFloatArray();
            // exp(log(1000/16)) * 16 = 1000 wide, centred on 8
            assertThat(d).containsExactly(new float[] {-492, -492, 508, 508}, within(1e-2f));
        }
    }

    @Test
    void gradientFlowsThroughDecode() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray box = m.create(new float[] {0, 0, 10, 20}, new Shape(1, 4));
            NDArray deltas = m.create(new float[] {0, 0, 0, 0}, new Shape(1, 4));
            deltas.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // x2 = cx + dx*w + exp(dw) w / 2 -> d x2 / d dx = w = 10, d x2 / d dw = w/2 = 5
                NDArray x2 = new BoxCoder(1, 1, 1, 1).decode(deltas, box).get(":, 2").sum();
                gc.backward(x2);
            }
            assertThat(deltas.getGradient().toFloatArray()).containsExactly(new float[] {10, 0, 5, 0}, within(1e-5f));
        }
    }

    static float[] randomBoxes(Random r, int n) {
        float[] b = new float[4 * n];
        for (int i = 0; i < n; i++) {
            float x = r.nextFloat() * 100;
            float y = r.nextFloat() * 100;
            b[4 * i] = x;
            b[4 * i + 1] = y;
            b[4 * i + 2] = x + 1 + r.nextFloat() * 60;
            b[4 * i + 3] = y + 1 + r.nextFloat() * 60;
        }
        return b;
    }
}
