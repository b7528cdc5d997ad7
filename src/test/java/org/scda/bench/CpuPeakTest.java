package org.scda.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Peak estimates from /proc/cpuinfo texts. */
class CpuPeakTest {
    private static String cpuinfo(String vendor, int family, String mhz, String flags) {
        return "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: " + family + "\nmodel\t\t: 2\n"
                + "cpu MHz\t\t: " + mhz + "\nflags\t\t: " + flags + "\n\nprocessor\t: 1\ncpu MHz\t\t: 1.0\n";
    }

    @Test
    void zen5WithAvx512CountsSixtyFourFlopsPerCycle() {
        CpuPeak p = CpuPeak.parse(cpuinfo("AuthenticAMD", 26, "2596.122", "fpu sse avx fma avx2 avx512f avx512bw")).orElseThrow();

        assertThat(p.flopsPerCycle()).isEqualTo(64);
        assertThat(p.gflops(2)).isCloseTo(2 * 2.596122 * 64, within(1e-9));
        assertThat(p.derivation(2)).contains("2 cores").contains("2.60 GHz").contains("64 FP32 FLOP/cycle")
                .contains("avx512f");
    }

    @Test
    void zen4RunsAvx512OnHalfWidthUnits() {
        CpuPeak p = CpuPeak.parse(cpuinfo("AuthenticAMD", 25, "3000.0", "sse avx fma avx2 avx512f")).orElseThrow();

        assertThat(p.lanes()).isEqualTo(8);
        assertThat(p.flopsPerCycle()).isEqualTo(32);
    }

    @Test
    void avx2WithoutAvx512AndSseOnly() {
        assertThat(CpuPeak.parse(cpuinfo("GenuineIntel", 6, "2000", "sse avx fma avx2")).orElseThrow().flopsPerCycle())
                .isEqualTo(32);
        assertThat(CpuPeak.parse(cpuinfo("GenuineIntel", 6, "2000", "sse sse2")).orElseThrow().flopsPerCycle())
                .isEqualTo(8);
    }

    @Test
    void noClockNoEstimate() {
        assertThat(CpuPeak.parse("processor\t: 0\nflags\t\t: avx2\n")).isEmpty();
    }
}
