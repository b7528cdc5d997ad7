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
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.scda.util.ProgressBar;

/**
 * Runs an experiment's runs one after the other into {@code OUT/SCENARIO/VARIANT/seedN/}.
 * Resumable: a run whose {@code result.json} exists is not repeated; an unfinished run is
 * resumed from its checkpoint by a method that supports it and otherwise cleared and
 * restarted. A failing run is reported and the next one starts. Prints one progress line per
 * run with an ETA for the runs left, each at the wall time the folder's finished runs of its
 * variant or method took ({@link RunCostEstimate}).
 *
 * <p>Several runners (processes) can share one output folder: each run is first claimed
 * ({@link RunClaims}); a run another runner is training is left to it.
 *
 * <p>An {@code adabn} run trains nothing when the folder already holds a finished
 * {@code source-only} run of its scenario and seed with the same training config (its config
 * but {@code adapt:}, compared resolved) and engine thread count: AdaBN's training is that
 * run's, to the byte, so it takes that run's evaluated checkpoint, applies AdaBN and is
 * evaluated as any run, and its {@code result.json} names the run in {@code reused_training}
 * ({@link AdabnRunner}). When another runner is training the run it would take
 * ({@link MethodRunner#reusesFrom}), the run is put back until the runner has tried every other
 * run, then waits for that training to end (or trains it itself, should the other runner stop)
 * instead of training the same detector twice.
 *
 * <p>With {@link #reusing} folders of other experiments, a run that one of them finished with
 * the same method, seed, datasets, recorded config and thread count is copied, not made again
 * ({@link RunReuse}).
 */
public final class ExperimentRunner {
    private final MethodRunners runners;
    private final PrintStream log;
    private final int parallelJobs;
    private final boolean locksRequired;
    private final boolean domainGap;
    private final List<Path> reuse;
    private final java.time.Duration poll;

    /**
     * The outcome of {@link #run}.
     *
     * @param completed runs finished in this session (trained, or copied from another folder)
     * @param skipped   runs already finished before
     * @param failed    run id -> error message
     * @param busy      runs another runner was training, left to it
     * @param copied    of {@code completed}, the runs copied from a {@link #reusing} folder
     */
    public record Summary(List<String> completed, List<String> skipped, Map<String, String> failed,
                          List<String> busy, List<String> copied) {
        public Summary {
            completed = List.copyOf(completed);
            skipped = List.copyOf(skipped);
            busy = List.copyOf(busy);
            copied = List.copyOf(copied);
            failed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failed));
        }
    }

    /**
     * @param runners the method runners
     * @param log     progress lines and the runs' own messages
     */
    public ExperimentRunner(MethodRunners runners, PrintStream log) {
        this(runners, log, 1);
    }

    /**
     * @param runners      the method runners
     * @param log          progress lines and the runs' own messages
     * @param parallelJobs how many runners share the output folder (divides the ETA)
     */
    public ExperimentRunner(MethodRunners runners, PrintStream log, int parallelJobs) {
        this(runners, log, parallelJobs, true);
    }

    /**
     * @param runners       the method runners
     * @param log           progress lines and the runs' own messages
     * @param parallelJobs  how many runners share the output folder (divides the ETA)
     * @param locksRequired false for a {@link Shard} slice: where the file system refuses
     *                      locks, train the run unlocked ({@link RunClaims}) instead of failing
     */
    public ExperimentRunner(MethodRunners runners, PrintStream log, int parallelJobs, boolean locksRequired) {
        this(runners, log, parallelJobs, locksRequired, false, List.of(), java.time.Duration.ofSeconds(10));
    }

    private ExperimentRunner(MethodRunners runners, PrintStream log, int parallelJobs, boolean locksRequired,
                             boolean domainGap, List<Path> reuse, java.time.Duration poll) {
        if (parallelJobs < 1) {
            throw new IllegalArgumentException("parallelJobs must be >= 1, got " + parallelJobs);
        }
        this.runners = runners;
        this.log = log;
        this.parallelJobs = parallelJobs;
        this.locksRequired = locksRequired;
        this.domainGap = domainGap;
        this.reuse = List.copyOf(reuse);
        this.poll = poll;
    }

    /** This runner, looking every {@code interval} whether a run a put-back run waits for has ended. */
    ExperimentRunner polling(java.time.Duration interval) {
        return new ExperimentRunner(runners, log, parallelJobs, locksRequired, domainGap, reuse, interval);
    }

    /**
     * This runner, measuring after each run it finishes the domain gap of the selected
     * checkpoint's features between the run's source-val and target-val images ({@link
     * RunDomainGap}); a failed measurement is a warning, never a failed run.
     */
    public ExperimentRunner measuringDomainGap(boolean on) {
        return new ExperimentRunner(runners, log, parallelJobs, locksRequired, on, reuse, poll);
    }

    /**
     * This runner, copying instead of making a run that a folder of {@code dirs} (other
     * experiments' output folders, searched in this order) holds finished as the same run
     * ({@link RunReuse}).
     */
    public ExperimentRunner reusing(List<Path> dirs) {
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new org.scda.util.ScdaException("--reuse " + d + ": no such folder");
            }
            if (!Files.isRegularFile(d.resolve("experiment.yaml"))) {
                log.println("experiment: WARNING: --reuse " + d + " holds no experiment.yaml: is it an experiment's"
                        + " output folder (runs/NAME)? Runs are looked for in its SCENARIO/VARIANT/seedN folders");
            }
        }
        return new ExperimentRunner(runners, log, parallelJobs, locksRequired, domainGap, dirs, poll);
    }

    /** The directory of a run under the experiment's output folder. */
    public static Path runDir(Path outDir, RunSpec run) {
        Path dir = outDir;
        for (String part : run.id().split("/")) {
            dir = dir.resolve(part);
        }
        return dir;
    }

    /**
     * Whether a run directory holds a finished run: a non-empty {@code result.json} (an empty
     * one is what a machine that lost power while writing it may leave; the run is made again).
     */
    public static boolean finished(Path runDir) {
        Path file = runDir.resolve(RunResult.FILE);
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    /** What one {@link #run} has seen so far. */
    private static final class Tally {
        final List<String> completed = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final Map<String, String> failed = new LinkedHashMap<>();
        final List<String> busy = new ArrayList<>();
        final List<String> copied = new ArrayList<>();
        RunCostEstimate cost; // from the output folder's finished runs, and each one finished since

        /** The runs of {@code runs} no runner has finished, failed or taken yet (the one starting now included). */
        List<RunSpec> notYetTaken(List<RunSpec> runs) {
            return runs.stream().filter(r -> !skipped.contains(r.id()) && !completed.contains(r.id())
                    && !failed.containsKey(r.id()) && !busy.contains(r.id())).toList();
        }

        Summary summary() {
            return new Summary(completed, skipped, failed, busy, copied);
        }
    }

    /** Runs {@code runs} in order into {@code outDir}. */
    public Summary run(List<RunSpec> runs, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Tally t = new Tally();
        t.cost = RunCostEstimate.scan(outDir);
        for (RunSpec r : runs) {
            if (finished(runDir(outDir, r))) {
                t.skipped.add(r.id());
            }
        }
        int total = runs.size();
        if (!t.skipped.isEmpty()) {
            log.printf(Locale.ROOT, "experiment: %d of %d runs already finished in %s, not repeated%n",
                    t.skipped.size(), total, outDir);
        }
        Map<RunSpec, List<RunSpec>> putBack = new LinkedHashMap<>(); // a run -> the runs it would take
        for (RunSpec r : runs) {
            if (finished(runDir(outDir, r))) {
                continue;
            }
            List<RunSpec> providers = runners.get(r.method()).reusesFrom(r, runs);
            Optional<RunSpec> busyProvider = busyProvider(r, providers, outDir, t);
            if (busyProvider.isPresent()) {
                putBack.put(r, providers);
                log.printf(Locale.ROOT, "experiment %s %s would take the training of %s, which another runner is"
                        + " training: put back until the other runs are tried%n", position(r, runs), r.id(),
                        busyProvider.get().id());
                continue;
            }
            attempt(r, runs, outDir, t, false);
        }
        for (Map.Entry<RunSpec, List<RunSpec>> waiting : putBack.entrySet()) {
            for (RunSpec provider : waiting.getValue()) {
                awaitOrMake(provider, runs, outDir, t);
            }
            attempt(waiting.getKey(), runs, outDir, t, false);
        }
        log.printf(Locale.ROOT, "experiment: %d finished now%s, %d before, %d failed%s%n", t.completed.size(),
                t.copied.isEmpty() ? "" : " (" + t.copied.size() + " copied from --reuse folders)", t.skipped.size(),
                t.failed.size(),
                t.busy.isEmpty() ? "" : ", " + t.busy.size() + " left to other runners");
        return t.summary();
    }

    private static String position(RunSpec r, List<RunSpec> runs) {
        return String.format(Locale.ROOT, "[%d/%d]", runs.indexOf(r) + 1, runs.size());
    }

    /**
     * Claims {@code r} and copies or makes it; whether it was claimed. Unclaimed (another runner
     * holds it), it is counted busy and said, unless {@code quiet}.
     */
    private boolean attempt(RunSpec r, List<RunSpec> runs, Path outDir, Tally t, boolean quiet) throws IOException {
        Path dir = runDir(outDir, r);
        String position = position(r, runs);
        Optional<RunClaims.Claim> claim = RunClaims.tryClaim(outDir, r.id(), locksRequired);
        if (claim.isEmpty()) {
            if (!quiet) {
                t.busy.add(r.id());
                log.printf(Locale.ROOT, "experiment %s %s is being trained by another runner; left to it%n", position,
                        r.id());
            }
            return false;
        }
        try (RunClaims.Claim held = claim.get()) {
            if (!held.locked()) {
                log.printf(Locale.ROOT, "experiment %s: no lock (%s); training it unlocked, as this shard's own%n",
                        r.id(), held.unlockedBecause().orElse(""));
            }
            t.busy.remove(r.id());
            if (finished(dir)) {
                t.skipped.add(r.id()); // another runner finished it between the two checks
            } else if (!copy(r, position, outDir, dir, t)) {
                runOne(r, position, runs, dir, t);
            }
        }
        return true;
    }

    /**
     * Of {@code providers}, the runs whose training {@code r} would take ({@link
     * MethodRunner#reusesFrom}), one that another runner was found training earlier in this pass,
     * if any; none when {@code r} itself can be copied from a {@link #reusing} folder.
     */
    private Optional<RunSpec> busyProvider(RunSpec r, List<RunSpec> providers, Path outDir, Tally t)
            throws IOException {
        Optional<RunSpec> busy = providers.stream()
                .filter(p -> t.busy.contains(p.id()) && !finished(runDir(outDir, p))).findFirst();
        if (busy.isEmpty() || match(r, outDir, System.getProperty(ParallelJobs.THREADS_PROPERTY, "default")).isPresent()) {
            return Optional.empty();
        }
        return busy;
    }

    /**
     * Returns once {@code provider} is finished: waits while another runner trains it, and makes
     * it here when no one holds it (the other runner stopped). A failed provider ends the wait.
     */
    private void awaitOrMake(RunSpec provider, List<RunSpec> runs, Path outDir, Tally t) throws IOException {
        boolean said = false;
        while (!finished(runDir(outDir, provider)) && !t.failed.containsKey(provider.id())) {
            if (attempt(provider, runs, outDir, t, true)) {
                return;
            }
            if (!said) {
                log.printf(Locale.ROOT, "experiment: waiting for %s, which another runner is training%n", provider.id());
                said = true;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for " + provider.id());
            }
        }
    }

    /**
     * The finished run of a {@link #reusing} folder that is the same run as {@code r} trained on
     * {@code threads} engine threads, if any.
     */
    private Optional<RunReuse.Match> match(RunSpec r, Path outDir, String threads) throws IOException {
        if (reuse.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<Map<String, Object>> config = runners.get(r.method()).recordedConfig(r);
            if (config.isEmpty()) {
                return Optional.empty();
            }
            List<Path> others = reuse.stream()
                    .filter(d -> !d.toAbsolutePath().normalize().equals(outDir.toAbsolutePath().normalize())).toList();
            return RunReuse.find(r, config.get(), threads, others, log);
        } catch (org.scda.util.ScdaException e) {
            return Optional.empty(); // the run itself will say what is wrong with it
        }
    }

    /**
     * The folder {@link #run} would copy run {@code r} from into {@code outDir} in a process of
     * {@code threads} engine threads (as results record it), if any.
     */
    public Optional<Path> reusable(RunSpec r, Path outDir, String threads) throws IOException {
        return match(r, outDir, threads).map(RunReuse.Match::dir);
    }

    /** The staging folder of copies under an output folder (never searched for runs). */
    static final String STAGING = ".reuse-staging";

    /**
     * Copies {@code r} from a reuse folder when one holds it finished; whether it did. A copy
     * that fails is said in the log and the run is made here instead.
     */
    private boolean copy(RunSpec r, String position, Path outDir, Path dir, Tally t) {
        RunResult result;
        try {
            Optional<RunReuse.Match> match = match(r, outDir,
                    System.getProperty(ParallelJobs.THREADS_PROPERTY, "default"));
            if (match.isEmpty()) {
                return false;
            }
            result = RunReuse.copy(match.get(), r, dir, outDir.resolve(STAGING));
        } catch (IOException | RuntimeException e) {
            log.printf(Locale.ROOT, "experiment %s %s: could not copy it from a --reuse folder (%s); making it here%n",
                    position, r.id(), e.getMessage() == null ? e : e.getMessage());
            return false;
        }
        t.completed.add(r.id());
        t.copied.add(r.id());
        log.printf(Locale.ROOT, "experiment %s %s: copied from %s (finished there: the same method, seed, data, config"
                + " and engine threads): target-val mAP %.4f, source-val mAP %.4f%n", position, r.id(),
                result.copiedFrom(), result.targetVal().mAP(), result.sourceVal().mAP());
        if (domainGap && !Files.exists(dir.resolve(org.scda.eval.DomainGapReport.RUN_FILE))) {
            domainGap(r, dir);
        }
        return true;
    }

    private void runOne(RunSpec r, String position, List<RunSpec> runs, Path dir, Tally t) throws IOException {
        MethodRunner runner = runners.get(r.method());
        boolean resume = runner.supportsResume();
        if (!resume && Files.exists(dir)) {
            clear(dir);
        }
        List<RunSpec> notYetTaken = t.notYetTaken(runs);
        int left = notYetTaken.size();
        log.printf(Locale.ROOT, "experiment %s %s (%s)%s; %d done, %d to go%s%n", position, r.id(), r.method(),
                resume && Files.isDirectory(dir) ? ", resuming" : "", t.skipped.size() + t.completed.size(), left,
                eta(t.cost, notYetTaken, parallelJobs));
        long start = System.nanoTime();
        try {
            RunResult trained = runner.run(r, dir, resume, log);
            double seconds = (System.nanoTime() - start) / 1e9;
            RunResult result = trained.withWallSeconds(seconds);
            result.write(dir);
            t.completed.add(r.id());
            t.cost = t.cost.plus(new RunCostEstimate.Finished(r.variantId(), r.method(), seconds, t.cost.cpu()));
            log.printf(Locale.ROOT, "experiment %s %s finished in %s: target-val mAP %.4f, source-val mAP %.4f%s%n",
                    position, r.id(), ProgressBar.formatDuration(seconds), result.targetVal().mAP(),
                    result.sourceVal().mAP(), result.reusedTraining() == null ? ""
                            : " (the training of " + result.reusedTraining() + ", reused)");
            if (domainGap) {
                domainGap(r, dir);
            }
        } catch (RuntimeException | IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            t.failed.put(r.id(), msg);
            log.printf(Locale.ROOT, "experiment %s %s FAILED: %s%n", position, r.id(), msg);
        }
    }

    private void domainGap(RunSpec r, Path dir) {
        try {
            Path file = RunDomainGap.measureAndSave(dir, r.scenario());
            log.printf(Locale.ROOT, "experiment %s: domain gap written to %s%n", r.id(), file);
        } catch (RuntimeException | IOException e) {
            log.printf(Locale.ROOT, "experiment %s: WARNING: no domain gap (%s); the run stands, `scda domain-gap"
                    + " --model %s --save` measures it later%n", r.id(), e.getMessage() == null ? e : e.getMessage(), dir);
        }
    }

    /**
     * {@code , ETA 1h02m}: the expected wall time of {@code left} ({@link RunCostEstimate}) shared
     * by {@code jobs} runners, or empty with no finished run to draw on or nothing left.
     */
    static String eta(RunCostEstimate cost, List<RunSpec> left, int jobs) {
        OptionalDouble seconds = cost.seconds(left, jobs);
        return left.isEmpty() || seconds.isEmpty() ? "" : ", ETA " + ProgressBar.formatDuration(seconds.getAsDouble());
    }

    /** Deletes {@code dir} and everything in it. */
    static void clear(Path dir) throws IOException {
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
