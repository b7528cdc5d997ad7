package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void warmsUpLinearlyThenSteps() {
        LrSchedule s = new LrSchedule(0.01, 100, 0.001, List.of(1000, 1500), 0.1);
        assertThat(s.learningRate(0)).isCloseTo(0.01 * 0.001, within(1e-12));
        assertThat(s.learningRate(50)).isCloseTo(0.01 * (0.001 * 0.5 + 0.5), within(1e-12));
        assertThat(s.learningRate(100)).isEqualTo(0.01);
        assertThat(s.learningRate(999)).isEqualTo(0.01);
        assertThat(s.learningRate(1000)).isCloseTo(0.001, within(1e-12));
        assertThat(s.learningRate(1500)).isCloseTo(0.0001, within(1e-12));
    }
}
