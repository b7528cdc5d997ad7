package org.scda.adapt.dafaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class DomainLossesTest {

    @Test
    void binaryCrossEntropyMatchesTheDefinition() {
        try (NDManager m = NDManager.newBaseManager()) {
            // logits 0 and 2: -log(sigmoid(x)) for target 1, -log(1 - sigmoid(x)) for target 0
            NDArray logits = m.create(new float[] {0f, 2f}, new Shape(1, 1, 1, 2));
            double s2 = 1 / (1 + Math.exp(-2));
            double target = (Math.log(2) - Math.log(s2)) / 2;
            double source = (Math.log(2) - Math.log(1 - s2)) / 2;
            assertThat(DomainLosses.binaryCrossEntropy(logits, Domain.TARGET).getFloat()).isCloseTo((float) target, within(1e-6f));
            assertThat(DomainLosses.binaryCrossEntropy(logits, Domain.SOURCE).getFloat()).isCloseTo((float) source, within(1e-6f));
            // large logits do not overflow
            NDArray big = m.create(new float[] {200f, -200f});
            assertThat(DomainLosses.binaryCrossEntropy(big, Domain.SOURCE).getFloat()).isCloseTo(100f, within(1e-3f));
            assertThatThrownBy(() -> DomainLosses.binaryCrossEntropy(logits, 2)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void consistencyIsZeroWhenPredictionsAgree() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = m.full(new Shape(1, 1, 3, 4), 0.7f);
            NDArray instances = m.full(new Shape(5, 1), 0.7f);
            // equal up to the rounding of a float mean of 12 equal sigmoids
            assertThat(DomainLosses.consistency(image, instances).getFloat()).isCloseTo(0f, within(1e-7f));
            // the image probability is averaged after the sigmoid: logits +3 and -3 average to 0.5
            NDArray mixed = m.create(new float[] {3f, -3f, 3f, -3f}, new Shape(1, 1, 2, 2));
            NDArray half = m.zeros(new Shape(2, 1));
            assertThat(DomainLosses.consistency(mixed, half).getFloat()).isCloseTo(0f, within(1e-7f));
        }
    }

    @Test
    void consistencyIsTheMeanAbsoluteDifference() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = m.zeros(new Shape(1, 1, 2, 3)); // p_img = 0.5
            // p_ins = 0.75, 0.5, 0.25 -> |diff| = 0.25, 0, 0.25 -> mean 1/6
            NDArray instances = m.create(new float[] {(float) Math.log(3), 0f, (float) -Math.log(3)}, new Shape(3, 1));
            assertThat(DomainLosses.consistency(image, instances).getFloat()).isCloseTo(1f / 6, within(1e-6f));
            assertThatThrownBy(() -> DomainLosses.consistency(m.zeros(new Shape(2, 1, 2, 2)), instances))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
