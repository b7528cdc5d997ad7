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
import org.scda.engine.Provenance;

/**
 * What runs still to make will take, from the wall times of finished ones: a run is expected to
 * take the median wall time of the finished runs of its variant (a variant keeps its method,
 * preset and settings across scenarios), else of its method, else of all. Medians, because a
 * method's runs differ in kind (an AdaBN run that reuses a finished training takes seconds, one
 * that trains takes minutes) and a run slowed by a busy machine should not move the estimate.
 *
 * <p>Machines differ (the same run took 3x as long on a Zen 3 as on a Zen 5), so runs made on
 * this machine's processor ({@link Provenance#cpu()}, recorded in each result) count first: a
 * run takes this processor's median of its variant, else the other processors' median of its
 * variant scaled by this processor's speed ratio, else the same for its method, else for all.
 * The ratio is the median, over the variants run on both, of this processor's median over the
 * others'; 1 when no variant was. Runs that recorded no processor count as another one.
 *
 * <p>What it does not know: the recorded wall times are at the thread counts their runs had (an
 * estimate for another number of workers is off by the speed difference: two one-thread workers
 * do about 1.5x one two-thread process's work here, not 2x); a run resumed from a checkpoint
 * records only its last session's time; a run that another folder's copy will supply counts in
 * full.
 */
public final class RunCostEstimate {
    /** A finished run's variant, method, wall time and processor (null: not recorded). */
    public record Finished(String variant, String method, double seconds, String cpu) {
        /** A run whose processor is not known. */
        public Finished(String variant, String method, double seconds) {
            this(variant, method, seconds, null);
        }
    }

    private final List<Finished> finished;
    private final String here;
    private final Pools local = new Pools();
    private final Pools other = new Pools();
    private final double ratio;

    /** Wall times by variant, by method, and all, of one set of runs. */
    private static final class Pools {
        final Map<String, List<Double>> byVariant = new HashMap<>();
        final Map<String, List<Double>> byMethod = new HashMap<>();
        final List<Double> all = new ArrayList<>();

        void add(Finished f) {
            byVariant.computeIfAbsent(f.variant(), k -> new ArrayList<>()).add(f.seconds());
            byMethod.computeIfAbsent(f.method(), k -> new ArrayList<>()).add(f.seconds());
            all.add(f.seconds());
        }
    }

    private RunCostEstimate(List<Finished> finished, String here) {
        this.finished = List.copyOf(finished); // a copy of an immutable list is the list itself
        this.here = here == null || here.equals("unknown") ? null : here;
        for (Finished f : this.finished) {
            (this.here != null && this.here.equals(f.cpu()) ? local : other).add(f);
        }
        this.ratio = speedRatio(local, other);
    }

    /** Median over the variants run on both of local median / other median; 1 when none was. */
    private static double speedRatio(Pools local, Pools other) {
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : local.byVariant.entrySet()) {
            List<Double> theirs = other.byVariant.get(e.getKey());
            if (theirs != null) {
                ratios.add(median(e.getValue()) / median(theirs));
            }
        }
        return ratios.isEmpty() ? 1 : median(ratios);
    }

    /** An estimate from these finished runs, all treated alike whatever their processor. */
    public static RunCostEstimate of(Collection<Finished> finished) {
        return of(finished, null);
    }

    /** An estimate for a machine with processor {@code here} (null or "unknown": treat all runs alike). */
    public static RunCostEstimate of(Collection<Finished> finished, String here) {
        return new RunCostEstimate(List.copyOf(finished), here);
    }

    /**
     * An estimate for this machine ({@link Provenance#cpu()}) from every finished run under
     * {@code outDir} ({@code SCENARIO/VARIANT/seedN}, folders starting with a dot left out); none
     * there: empty. Other runners may be clearing or moving run folders meanwhile: a folder gone
     * while it is read is skipped.
     */
    public static RunCostEstimate scan(Path outDir) {
        return scan(outDir, Provenance.cpu());
    }

    /** {@link #scan(Path)} for a machine with processor {@code here}. */
    public static RunCostEstimate scan(Path outDir, String here) {
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
                            Object cpu = r.versions().get("cpu");
                            out.add(new Finished(r.variant(), r.method(), r.wallSeconds(),
                                    cpu == null ? null : cpu.toString()));
                        }
                    } catch (RuntimeException e) {
                        // unreadable, partial or gone: it says nothing about cost, and reading it
                        // for the run itself reports it
                    }
                }
            }
        }
        return new RunCostEstimate(out, here);
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
        return new RunCostEstimate(more, here);
    }

    /** How many finished runs it draws on. */
    public int finishedRuns() {
        return finished.size();
    }

    /** How many of its runs were made on this processor. */
    public int runsHere() {
        return local.all.size();
    }

    /** The processor this estimate is for; null when it treats every run alike. */
    public String cpu() {
        return here;
    }

    /** How much longer a run takes on this processor than on the others (see the class comment). */
    public double speedRatio() {
        return ratio;
    }

    /** The expected wall time of a run of {@code variant} and {@code method}; empty with no finished run at all. */
    public OptionalDouble seconds(String variant, String method) {
        // this processor's pool, then the others' (scaled by the ratio): by variant, by method, all
        List<List<Double>> order = List.of(local.byVariant.getOrDefault(variant, List.of()),
                other.byVariant.getOrDefault(variant, List.of()), local.byMethod.getOrDefault(method, List.of()),
                other.byMethod.getOrDefault(method, List.of()), local.all, other.all);
        for (int i = 0; i < order.size(); i++) {
            if (!order.get(i).isEmpty()) {
                return OptionalDouble.of(median(order.get(i)) * (i % 2 == 0 ? 1 : ratio));
            }
        }
        return OptionalDouble.empty();
    }

    /** The expected wall time of {@code runs} shared by {@code jobs} runners; empty with no finished run at all. */
    public OptionalDouble seconds(List<RunSpec> runs, int jobs) {
        if (finished.isEmpty()) {
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
