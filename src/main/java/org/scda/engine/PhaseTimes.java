package org.scda.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wall time per named phase of the training iterations, kept apart per regime (e.g. a two-domain
 * method's {@value #SOURCE_ONLY} warm-up and its {@value #ADAPTATION} iterations): where an
 * iteration's time goes. A phase inside another is named {@code outer: inner} and counted in both.
 * Always on (a clock read per phase); on the CPU each phase's engine work has finished when it
 * returns, on a GPU a phase may end before its kernels do, so the table is a CPU profile.
 */
public final class PhaseTimes {
    /** The regime of iterations without a target image. */
    public static final String SOURCE_ONLY = "source-only";
    /** The regime of iterations with one. */
    public static final String ADAPTATION = "adaptation";
    /** The phase every step records: the whole iteration. */
    public static final String ITERATION = "iteration";

    private final Map<String, Map<String, long[]>> totals = new LinkedHashMap<>();
    private String regime = SOURCE_ONLY;

    /** The regime the phases recorded from now on belong to. */
    public void regime(String name) {
        this.regime = name;
    }

    /** A start time for {@link #add}. */
    public long start() {
        return System.nanoTime();
    }

    /** Counts the time since {@code startNanos} to {@code phase} of the current regime. */
    public void add(String phase, long startNanos) {
        addNanos(phase, System.nanoTime() - startNanos);
    }

    /** Counts {@code nanos} to {@code phase} of the current regime. */
    public void addNanos(String phase, long nanos) {
        long[] t = totals.computeIfAbsent(regime, r -> new LinkedHashMap<>()).computeIfAbsent(phase, p -> new long[2]);
        t[0] += nanos;
        t[1]++;
    }

    /**
     * One phase's mean.
     *
     * @param regime  its regime
     * @param name    its name ({@code outer: inner} inside another)
     * @param meanMs  mean milliseconds per time it ran
     * @param count   times it ran
     * @param perIterationMs milliseconds it adds to the mean iteration of its regime (mean x count / iterations)
     */
    public record Phase(String regime, String name, double meanMs, long count, double perIterationMs) {
    }

    /**
     * Every phase recorded, per regime in the order first seen; within a regime the top-level
     * phases in the order first seen, each followed by those inside it.
     */
    public List<Phase> phases() {
        List<Phase> out = new ArrayList<>();
        totals.forEach((r, phases) -> {
            long[] it = phases.get(ITERATION);
            long iterations = it == null ? 0 : it[1];
            List<String> names = new ArrayList<>();
            phases.keySet().stream().filter(n -> !n.contains(":")).forEach(top -> {
                names.add(top);
                phases.keySet().stream().filter(n -> n.startsWith(top + ":")).forEach(names::add);
            });
            phases.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
            for (String name : names) {
                long[] t = phases.get(name);
                out.add(new Phase(r, name, t[0] / 1e6 / t[1], t[1], iterations == 0 ? Double.NaN : t[0] / 1e6 / iterations));
            }
        });
        return out;
    }

    /** {@code regime -> phase -> ms per iteration of the regime}, e.g. for a summary file. */
    public Map<String, Map<String, Double>> perIterationMs() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Phase p : phases()) {
            out.computeIfAbsent(p.regime(), r -> new LinkedHashMap<>()).put(p.name(), round(p.perIterationMs()));
        }
        return out;
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    /** {@link #table(Map)} of this run's phases. */
    public String table() {
        return table(perIterationMs());
    }

    /**
     * Phases as a text table: per regime, ms per iteration and share of the iteration, phases
     * inside another indented under it; and, when both regimes ran, an adaptation iteration's
     * cost in source-only iterations.
     *
     * @param perIterationMs {@code regime -> phase -> ms per iteration} ({@link #perIterationMs()},
     *                       as a summary file holds it)
     */
    public static String table(Map<String, Map<String, Double>> perIterationMs) {
        StringBuilder sb = new StringBuilder();
        perIterationMs.forEach((regime, phases) -> {
            double whole = phases.getOrDefault(ITERATION, Double.NaN);
            sb.append(String.format(Locale.ROOT, "%s iterations:%n", regime));
            phases.forEach((name, ms) -> {
                String indent = "  ".repeat(1 + (int) name.chars().filter(c -> c == ':').count());
                String shown = indent + name.substring(name.lastIndexOf(':') + 1).strip();
                sb.append(String.format(Locale.ROOT, "%-40s %8.1f ms  %5.1f%%%n", shown, ms, 100 * ms / whole));
            });
        });
        Double source = perIterationMs.getOrDefault(SOURCE_ONLY, Map.of()).get(ITERATION);
        Double adaptation = perIterationMs.getOrDefault(ADAPTATION, Map.of()).get(ITERATION);
        if (source != null && adaptation != null) {
            sb.append(String.format(Locale.ROOT, "an adaptation iteration costs %.2f source-only iterations%n",
                    adaptation / source));
        }
        return sb.toString();
    }
}
