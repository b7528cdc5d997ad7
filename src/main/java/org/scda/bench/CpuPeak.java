package org.scda.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An estimate of the CPU's peak single-precision FLOP rate from {@code /proc/cpuinfo}: clock x
 * FP32 lanes of the widest vector unit x 2 for fused multiply-add x 2 FMA pipes per core, times
 * the cores used. Two pipes is what x86 server cores since Haswell and Zen 2 have; AMD family 25
 * (Zen 3/4) runs AVX-512 on 256-bit units, so it counts 8 lanes there; family 26 (Zen 5) has
 * full-width 512-bit units. The clock is the {@code cpu MHz} the kernel reports (in a VM, often
 * the nominal clock; boost clocks are higher), so this is an estimate, not a measurement.
 *
 * @param vendor  {@code vendor_id}
 * @param family  {@code cpu family}
 * @param mhz     {@code cpu MHz} of the first processor
 * @param lanes   FP32 lanes per vector instruction as executed
 * @param fma     whether the {@code fma} flag is present
 * @param pipes   vector FMA pipes per core assumed
 * @param widest  the flag that set the width ({@code avx512f}, {@code avx2}, {@code avx} or {@code sse})
 */
public record CpuPeak(String vendor, int family, double mhz, int lanes, boolean fma, int pipes, String widest) {

    /** FP32 FLOPs per cycle and core. */
    public int flopsPerCycle() {
        return lanes * (fma ? 2 : 1) * pipes;
    }

    /** Peak GFLOP/s of {@code cores} cores. */
    public double gflops(int cores) {
        return cores * mhz / 1000 * flopsPerCycle();
    }

    /** How {@link #gflops} was derived, for the report. */
    public String derivation(int cores) {
        return String.format(Locale.ROOT, "%d cores x %.2f GHz (cpu MHz, /proc/cpuinfo) x %d FP32 FLOP/cycle "
                        + "(%s: %d lanes%s x %d pipes; %s family %d)", cores, mhz / 1000, flopsPerCycle(), widest, lanes,
                fma ? " x 2 for FMA" : "", pipes, vendor, family);
    }

    /** Reads {@code /proc/cpuinfo}; empty when it is absent or says too little. */
    public static Optional<CpuPeak> read() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The estimate from the text of {@code /proc/cpuinfo} (its first processor's block); empty without a clock. */
    public static Optional<CpuPeak> parse(String cpuinfo) {
        String vendor = field(cpuinfo, "vendor_id");
        String family = field(cpuinfo, "cpu family");
        String mhz = field(cpuinfo, "cpu MHz");
        String flagLine = field(cpuinfo, "flags");
        if (mhz == null || flagLine == null) {
            return Optional.empty();
        }
        Set<String> flags = Set.of(flagLine.trim().split("\\s+"));
        int fam = family == null ? 0 : Integer.parseInt(family.trim());
        String v = vendor == null ? "unknown" : vendor.trim();
        String widest;
        int lanes;
        if (flags.contains("avx512f")) {
            widest = "avx512f";
            lanes = v.equals("AuthenticAMD") && fam == 25 ? 8 : 16;
        } else if (flags.contains("avx2") || flags.contains("avx")) {
            widest = flags.contains("avx2") ? "avx2" : "avx";
            lanes = 8;
        } else {
            widest = "sse";
            lanes = 4;
        }
        return Optional.of(new CpuPeak(v, fam, Double.parseDouble(mhz.trim()), lanes, flags.contains("fma"), 2, widest));
    }

    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1);
            }
        }
        return null;
    }
}
