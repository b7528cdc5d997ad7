package org.scda.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatTest {
    @Test
    void meanAndSampleStandardDeviation() {
        Stat s = Stat.of(List.of(0.30, 0.40, 0.50));
        assertThat(s.mean()).isCloseTo(0.40, within(1e-12));
        assertThat(s.std()).isCloseTo(0.10, within(1e-12));
        assertThat(s.format()).isEqualTo("40.0 ± 10.0");
    }

    @Test
    void oneValueHasNoSpreadAndNullsAreSkipped() {
        assertThat(Stat.of(Arrays.asList(0.123, null)).format()).isEqualTo("12.3");
        assertThat(Stat.of(Arrays.asList((Double) null)).format()).isEqualTo("-");
    }
}
