package org.scda.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * What it does not know: the recorded wall times are at the thread counts their runs had (an
 * estimate for another number of workers is off by the speed difference: two one-thread workers
 * do about 1.5x one two-thread process's work here, not 2x); a run resumed from a checkpoint
 * records only its last session's time; a run that another folder's copy will supply counts in
 * full.
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
        this.finished = List.copyOf(finished); // a copy of an immutable list is the list itself
        for (Finished f : this.finished) {
            byVariant.computeIfAbsent(f.variant(), k -> new ArrayList<>()).add(f.seconds());
            byMethod.computeIfAbsent(f.method(), k -> new ArrayList<>()).add(f.seconds());
            all.add(f.seconds());
        }
    }

    /** An estimate from these finished runs. */
    public static RunCostEstimate of(Collection<Finished> finished) {
        return new RunCostEstimate(List.copyOf(finished));
    }

    /**
     * An estimate from every finished run under {@code outDir} ({@code SCENARIO/VARIANT/seedN},
     * folders starting with a dot left out); none there: empty. Other runners may be clearing or
     * moving run folders meanwhile: a folder gone while it is read is skipped.
     */
    public static RunCostEstimate scan(Path outDir) {
        List<Finished> out = new ArrayList<>();
        for (Path scenario : subfolders(outDir)) {
            for (Path variant : subfolders(scenario)) {
                for (Path run : subfolders(variant)) {
                    if (!run.getFileName().toString().startsWith("seed") || !ExperimentRunner.finished(run)) {
                        continue;
                    }
                    try {
                        RunResult r = RunResult.read(run);
                        if (r.variant() != null && r.method() != null && r.wallSeconds() > 0) {
                            out.add(new Finished(r.variant(), r.method(), r.wallSeconds()));
                        }
                    } catch (RuntimeException e) {
                        // unreadable, partial or gone: it says nothing about cost, and reading it
                        // for the run itself reports it
                    }
                }
            }
        }
        return new RunCostEstimate(out);
    }

    private static List<Path> subfolders(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isDirectory(p)).sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // missing, gone meanwhile, or not a folder
        }
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
