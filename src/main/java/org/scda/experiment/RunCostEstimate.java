package org.scda.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * What runs still to make will take, from the wall times of finished ones: a run is expected to
 * take the median wall time of the finished runs of its variant (a variant keeps its method,
 * preset and settings across scenarios), else of its method, else of all. Medians, because a
 * method's runs differ in kind (an AdaBN run that reuses a finished training takes seconds, one
 * that trains takes minutes) and a run slowed by a busy machine should not move the estimate.
 * The recorded wall times are at the thread counts their runs had: an estimate for other
 * workers counts is off by the speed difference.
 */
public final class RunCostEstimate {
    /** A finished run's variant, method and wall time. */
    public record Finished(String variant, String method, double seconds) {
    }

    private final List<Finished> finished;
    private final Map<String, List<Double>> byVariant = new HashMap<>();
    private final Map<String, List<Double>> byMethod = new HashMap<>();
    private final List<Double> all = new ArrayList<>();

    private RunCostEstimate(List<Finished> finished) {
        this.finished = List.copyOf(finished);
        for (Finished f : this.finished) {
            byVariant.computeIfAbsent(f.variant(), k -> new ArrayList<>()).add(f.seconds());
            byMethod.computeIfAbsent(f.method(), k -> new ArrayList<>()).add(f.seconds());
            all.add(f.seconds());
        }
    }

    /** An estimate from these finished runs. */
    public static RunCostEstimate of(Collection<Finished> finished) {
        return new RunCostEstimate(new ArrayList<>(finished));
    }

    /** An estimate from every finished run under {@code outDir} ({@code SCENARIO/VARIANT/seedN}); none there: empty. */
    public static RunCostEstimate scan(Path outDir) throws IOException {
        List<Finished> out = new ArrayList<>();
        if (Files.isDirectory(outDir)) {
            try (Stream<Path> files = Files.find(outDir, 3, (p, a) -> a.isDirectory()
                    && p.getFileName().toString().startsWith("seed") && ExperimentRunner.finished(p))) {
                for (Path dir : files.sorted().toList()) {
                    try {
                        RunResult r = RunResult.read(dir);
                        if (r.variant() != null && r.method() != null && r.wallSeconds() > 0) {
                            out.add(new Finished(r.variant(), r.method(), r.wallSeconds()));
                        }
                    } catch (RuntimeException e) {
                        // an unreadable or partial result says nothing about cost; reading it for
                        // the run itself reports it
                    }
                }
            }
        }
        return of(out);
    }

    /** This estimate with one more finished run. */
    public RunCostEstimate plus(Finished f) {
        List<Finished> more = new ArrayList<>(finished);
        more.add(f);
        return new RunCostEstimate(more);
    }

    /** How many finished runs it draws on. */
    public int finishedRuns() {
        return finished.size();
    }

    /** The expected wall time of a run of {@code variant} and {@code method}; empty with no finished run at all. */
    public OptionalDouble seconds(String variant, String method) {
        List<Double> pool = byVariant.getOrDefault(variant, byMethod.getOrDefault(method, all));
        return pool.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(pool));
    }

    /** The expected wall time of {@code runs} shared by {@code jobs} runners; empty with no finished run at all. */
    public OptionalDouble seconds(List<RunSpec> runs, int jobs) {
        if (all.isEmpty()) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (RunSpec r : runs) {
            sum += seconds(r.variantId(), r.method()).orElseThrow();
        }
        return OptionalDouble.of(sum / Math.max(1, jobs));
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
