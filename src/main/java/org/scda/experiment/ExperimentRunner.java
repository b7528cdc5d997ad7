package org.scda.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.scda.util.ProgressBar;

/**
 * Runs an experiment's runs one after the other into {@code OUT/SCENARIO/VARIANT/seedN/}.
 * Resumable: a run whose {@code result.json} exists is not repeated; an unfinished run is
 * resumed from its checkpoint by a method that supports it and otherwise cleared and
 * restarted. A failing run is reported and the next one starts. Prints one progress line per
 * run with an ETA from the mean wall time of the finished runs.
 */
public final class ExperimentRunner {
    private final MethodRunners runners;
    private final PrintStream log;

    /**
     * The outcome of {@link #run}.
     *
     * @param completed runs finished in this session
     * @param skipped   runs already finished before
     * @param failed    run id -> error message
     */
    public record Summary(List<String> completed, List<String> skipped, Map<String, String> failed) {
        public Summary {
            completed = List.copyOf(completed);
            skipped = List.copyOf(skipped);
            failed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failed));
        }
    }

    /**
     * @param runners the method runners
     * @param log     progress lines and the runs' own messages
     */
    public ExperimentRunner(MethodRunners runners, PrintStream log) {
        this.runners = runners;
        this.log = log;
    }

    /** The directory of a run under the experiment's output folder. */
    public static Path runDir(Path outDir, RunSpec run) {
        Path dir = outDir;
        for (String part : run.id().split("/")) {
            dir = dir.resolve(part);
        }
        return dir;
    }

    /** Whether a run directory holds a finished run. */
    public static boolean finished(Path runDir) {
        return Files.isRegularFile(runDir.resolve(RunResult.FILE));
    }

    /** Runs {@code runs} in order into {@code outDir}. */
    public Summary run(List<RunSpec> runs, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<String> completed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        List<Double> wallTimes = new ArrayList<>();
        for (RunSpec r : runs) {
            Path dir = runDir(outDir, r);
            if (finished(dir)) {
                skipped.add(r.id());
                wallTimes.add(RunResult.read(dir).wallSeconds());
            }
        }
        int total = runs.size();
        if (!skipped.isEmpty()) {
            log.printf(Locale.ROOT, "experiment: %d of %d runs already finished in %s, not repeated%n",
                    skipped.size(), total, outDir);
        }
        int index = 0;
        for (RunSpec r : runs) {
            index++;
            Path dir = runDir(outDir, r);
            if (finished(dir)) {
                continue;
            }
            MethodRunner runner = runners.get(r.method());
            boolean resume = runner.supportsResume();
            if (!resume && Files.exists(dir)) {
                clear(dir);
            }
            int left = total - skipped.size() - completed.size() - failed.size();
            log.printf(Locale.ROOT, "experiment [%d/%d] %s (%s)%s; %d done, %d to go%s%n", index, total, r.id(),
                    r.method(), resume && Files.isDirectory(dir) ? ", resuming" : "",
                    skipped.size() + completed.size(), left, eta(wallTimes, left));
            long start = System.nanoTime();
            try {
                RunResult trained = runner.run(r, dir, resume, log);
                double seconds = (System.nanoTime() - start) / 1e9;
                RunResult result = trained.withWallSeconds(seconds);
                result.write(dir);
                completed.add(r.id());
                wallTimes.add(seconds);
                log.printf(Locale.ROOT, "experiment [%d/%d] %s finished in %s: target-val mAP %.4f, source-val mAP %.4f%n",
                        index, total, r.id(), ProgressBar.formatDuration(seconds), result.targetVal().mAP(),
                        result.sourceVal().mAP());
            } catch (RuntimeException | IOException e) {
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                failed.put(r.id(), msg);
                log.printf(Locale.ROOT, "experiment [%d/%d] %s FAILED: %s%n", index, total, r.id(), msg);
            }
        }
        log.printf(Locale.ROOT, "experiment: %d finished now, %d before, %d failed%n", completed.size(), skipped.size(),
                failed.size());
        return new Summary(completed, skipped, failed);
    }

    /** {@code , ETA 1h02m} from the mean of the finished runs' wall times, or empty with none. */
    static String eta(List<Double> wallTimes, int left) {
        if (wallTimes.isEmpty() || left <= 0) {
            return "";
        }
        double mean = wallTimes.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return ", ETA " + ProgressBar.formatDuration(mean * left);
    }

    private static void clear(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
