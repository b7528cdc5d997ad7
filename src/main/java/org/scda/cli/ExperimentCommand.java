package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.scda.engine.Devices;
import org.scda.experiment.ExperimentRunner;
import org.scda.experiment.ExperimentSpec;
import org.scda.experiment.MethodRunners;
import org.scda.experiment.ParallelJobs;
import org.scda.experiment.RunCostEstimate;
import org.scda.experiment.RunFilter;
import org.scda.experiment.RunSpec;
import org.scda.experiment.Shard;
import org.scda.experiment.cluster.KubernetesJob;
import org.scda.experiment.cluster.ShardedJob;
import org.scda.experiment.cluster.SlurmScript;
import org.scda.util.ProgressBar;
import org.scda.util.ScdaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scda experiment}: runs an experiment file's matrix, resumably, then points at {@code scda report}. */
@Command(name = "experiment",
        header = "Run a resumable experiment matrix (scenario x method x preset x seed).",
        mixinStandardHelpOptions = true,
        description = {"Run an experiment matrix (scenario x method x preset x seed) from a YAML file,",
                "one run directory and result.json each. Resumable: finished runs are skipped,",
                "unfinished ones resume from their checkpoint. Then: scda report OUT.",
                "Several processes may share one output folder (each run is claimed by one);",
                "--jobs N starts N of them, each with an equal share of the libtorch threads.",
                "On several machines: --shard I/N on each (a shared --out), or --emit slurm|k8s",
                "--shards N to write a Slurm job array or a Kubernetes indexed Job that does it."})
public final class ExperimentCommand implements Callable<Integer> {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.yaml", description = "Experiment file, e.g. experiments/paper-tables.yaml.")
    Path file;

    @Option(names = "--quick", description = "The file's quick variant: its quick seeds and iterations.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/NAME, runs/NAME-quick with --quick);"
            + " with --emit, the folder of the job file (default: the current folder).")
    Path out;

    @Option(names = "--only", paramLabel = "PATTERN",
            description = "Comma-separated globs over run ids SCENARIO/VARIANT/seedN, e.g. 'foggy/*'.")
    String only;

    @Option(names = "--list", description = "Print the runs and whether they are finished (stdout), then how long the unfinished"
            + " ones should take, from the wall times of the output folder's finished runs (stderr); run nothing.")
    boolean list;

    @Option(names = "--reuse", paramLabel = "DIR",
            description = "Output folder of another experiment (repeatable): a run it holds finished with the same"
                    + " method, seed, data, config and engine thread count is copied, not made again (its result"
                    + " records copied_from). Names of scenarios and variants may differ. With --list: 'copy'"
                    + " marks them (for the thread count the runs will have with this --jobs).")
    List<Path> reuse = new ArrayList<>();

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Train N runs at once in N worker processes sharing the threads (SCDA_THREADS)."
                    + " On 2 cores, --jobs 2 gives about 1.5x the throughput of one process (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--shard", paramLabel = "I/N",
            description = {"Run only slice I of N (1-based) of the selected runs (after --quick and --only):"
                    + " the runs at positions I, I+N, I+2N, ... of the list. N processes given the same file and"
                    + " flags, e.g. on N machines with a shared --out, run every run once between them; the slices"
                    + " do not need file locks to work across machines. With --list: the slice's runs."})
    String shard;

    @Option(names = "--emit", paramLabel = "slurm|k8s",
            description = {"Run nothing; write into --out (default: the current folder) a Slurm job-array script"
                    + " (slurm) or a Kubernetes indexed Job manifest (k8s) whose --shards tasks each run one"
                    + " --shard of this experiment (with --quick and --only as given) into --runs-dir."})
    Emit emit;

    @Option(names = "--shards", paramLabel = "N",
            description = "With --emit: the number of tasks, one slice each (at most the number of runs).")
    Integer shards;

    @Option(names = "--runs-dir", paramLabel = "DIR",
            description = {"With --emit: the shared output folder the tasks write into, as they see it (default:"
                    + " runs/NAME, runs/NAME-quick with --quick). Slurm: relative to the folder sbatch is run from;"
                    + " k8s: relative to " + KubernetesJob.WORKING_DIR + " in the image, where the shared volume is"
                    + " mounted."})
    String runsDir;

    @Option(names = "--cpus", paramLabel = "N",
            description = "With --emit: CPUs per task, also its libtorch threads (SCDA_THREADS) (default: "
                    + ExperimentCommand.DEFAULT_CPUS + ").")
    Integer cpus;

    @Option(names = "--memory", paramLabel = "GB",
            description = "With --emit: memory per task in GiB, three quarters of it the Java heap (default: "
                    + ExperimentCommand.DEFAULT_MEMORY_GB + ").")
    Integer memoryGb;

    /** The job files {@code --emit} writes. */
    enum Emit { slurm, k8s }

    static final int DEFAULT_CPUS = 2;
    static final int DEFAULT_MEMORY_GB = 4;

    /** Set on the workers that --jobs starts: how many share the folder (for the ETA). */
    @Option(names = "--job-of", hidden = true)
    int jobOf = 1;

    @Override
    public Integer call() throws Exception {
        Shard slice = parseShard();
        checkEmitOptions(slice);
        if (!Files.isRegularFile(file)) {
            throw new ScdaException("no experiment file " + file);
        }
        ExperimentSpec experiment = ExperimentSpec.load(file);
        List<RunSpec> selected = new RunFilter(only).apply(experiment.expand(quick));
        if (selected.isEmpty()) {
            throw new ScdaException("--only '" + only + "' selects none of the runs of " + file);
        }
        String defaultDir = "runs/" + experiment.name() + (quick ? "-quick" : "");
        PrintWriter pw = spec.commandLine().getOut();
        if (emit != null) {
            return emitJob(experiment, selected.size(), defaultDir, pw);
        }
        List<RunSpec> runs = slice.select(selected);
        Path dir = out != null ? out : Path.of(defaultDir);
        if (runs.isEmpty()) {
            pw.printf("shard %s holds none of the %d selected runs; nothing to do%n", slice, selected.size());
            pw.flush();
            return ScdaCommand.EXIT_OK;
        }
        if (jobs < 1) {
            throw new ScdaException("--jobs must be at least 1, got " + jobs);
        }
        if (list) {
            ExperimentRunner lister = new ExperimentRunner(MethodRunners.builtIn(), System.err).reusing(reuse);
            // the thread count the runs will have: --jobs N workers split this process's
            String threads = System.getProperty(ParallelJobs.THREADS_PROPERTY, "default");
            if (jobs > 1) {
                threads = Integer.toString(ParallelJobs.threadsPerJob(Integer.getInteger(ParallelJobs.THREADS_PROPERTY,
                        Runtime.getRuntime().availableProcessors()), jobs));
            }
            List<RunSpec> todo = new ArrayList<>();
            int done = 0;
            int copies = 0;
            for (RunSpec r : runs) {
                boolean finished = ExperimentRunner.finished(ExperimentRunner.runDir(dir, r));
                Optional<Path> from = finished ? Optional.empty() : lister.reusable(r, dir, threads);
                pw.printf("%-8s %-40s %s%s%s%n", finished ? "done" : from.isPresent() ? "copy" : "todo", r.id(),
                        r.method(), r.iterations() == null ? "" : " (" + r.iterations() + " iterations)",
                        from.map(p -> " <- " + p).orElse(""));
                done += finished ? 1 : 0;
                copies += from.isPresent() ? 1 : 0;
                if (!finished && from.isEmpty()) {
                    todo.add(r);
                }
            }
            pw.flush();
            // on stderr: the list on stdout stays one run per line for scripts
            PrintWriter err = spec.commandLine().getErr();
            err.println(listSummary(done, copies, todo, RunCostEstimate.scan(dir), jobs));
            err.flush();
            return ScdaCommand.EXIT_OK;
        }
        for (Path r : reuse) {
            if (!Files.isDirectory(r)) {
                throw new ScdaException("--reuse " + r + ": no such folder (another experiment's output folder)");
            }
        }
        // a device the engine cannot give would otherwise fail each run in turn, after its folder is made
        for (Object device : runs.stream().map(r -> r.overrides().get("device")).filter(Objects::nonNull).distinct()
                .toList()) {
            Devices.require(device.toString(), "device: " + device + " in " + file);
        }
        Files.createDirectories(dir);
        long start = System.nanoTime();
        if (jobs > 1) {
            copyExperimentFile(dir);
            return runJobs(runs, dir, start, pw);
        }
        if (jobOf == 1) {
            copyExperimentFile(dir);
        }
        // a slice's runs are its own: where the shared folder refuses locks it goes on without
        boolean locksRequired = shard == null || jobOf > 1;
        ExperimentRunner.Summary s = new ExperimentRunner(MethodRunners.builtIn(), System.err, jobOf, locksRequired)
                .measuringDomainGap(experiment.domainGap())
                .reusing(reuse)
                .run(runs, dir);
        pw.printf("%d runs finished now%s, %d were already finished, %d failed, in %s; results in %s%n",
                s.completed().size(), s.copied().isEmpty() ? "" : " (" + s.copied().size() + " copied from --reuse)",
                s.skipped().size(), s.failed().size(),
                ProgressBar.formatDuration((System.nanoTime() - start) / 1e9), dir);
        for (Map.Entry<String, String> f : s.failed().entrySet()) {
            pw.println("  failed: " + f.getKey() + ": " + f.getValue());
        }
        pw.println("report: scda report " + dir + (shard == null ? "" : " (once every shard has ended)"));
        pw.flush();
        return s.failed().isEmpty() ? ScdaCommand.EXIT_OK : ScdaCommand.EXIT_FAILED;
    }

    private int runJobs(List<RunSpec> runs, Path dir, long start, PrintWriter pw) throws Exception {
        List<String> args = new ArrayList<>(List.of("experiment", file.toString(), "--out", dir.toString(),
                "--job-of", Integer.toString(jobs)));
        if (quick) {
            args.add("--quick");
        }
        if (only != null) {
            args.add("--only=" + only);
        }
        if (shard != null) {
            args.add("--shard=" + shard);
        }
        for (Path r : reuse) {
            args.add("--reuse=" + r);
        }
        if (verbose.verbose) {
            args.add("--verbose");
        }
        int worst = ParallelJobs.run(jobs, Main.class.getName(), args, System.err);
        long done = runs.stream().filter(r -> ExperimentRunner.finished(ExperimentRunner.runDir(dir, r))).count();
        pw.printf("%d jobs ended in %s; %d of %d runs finished in %s%n", jobs,
                ProgressBar.formatDuration((System.nanoTime() - start) / 1e9), done, runs.size(), dir);
        pw.println("report: scda report " + dir);
        pw.flush();
        return worst == 0 && done == runs.size() ? ScdaCommand.EXIT_OK : ScdaCommand.EXIT_FAILED;
    }

    private Shard parseShard() {
        if (shard == null) {
            return Shard.ALL;
        }
        try {
            return Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--shard " + e.getMessage());
        }
    }

    private void checkEmitOptions(Shard slice) {
        if (emit == null) {
            if (shards != null || runsDir != null || cpus != null || memoryGb != null) {
                throw new ParameterException(spec.commandLine(), "--shards, --runs-dir, --cpus and --memory go with"
                        + " --emit slurm|k8s; to run one slice here use --shard I/N");
            }
            return;
        }
        if (shard != null || list || jobs != 1) {
            throw new ParameterException(spec.commandLine(), "--emit writes a job file and runs nothing: drop "
                    + (shard != null ? "--shard " + slice + " (each task runs its own)" : list ? "--list" : "--jobs"));
        }
        if (!reuse.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--reuse does not go with --emit (the cluster's tasks"
                    + " would not see this machine's folders): copy the runs into the --runs-dir folder instead");
        }
        if (shards == null) {
            throw new ParameterException(spec.commandLine(), "--emit " + emit + " needs --shards N, the number of tasks");
        }
        if (shards < 1 || (cpus != null && cpus < 1) || (memoryGb != null && memoryGb < 1)) {
            throw new ParameterException(spec.commandLine(), "--shards, --cpus and --memory must be at least 1");
        }
    }

    /** {@code --emit}: writes the job file of {@code shards} tasks over the {@code runCount} selected runs. */
    private int emitJob(ExperimentSpec experiment, int runCount, String defaultDir, PrintWriter pw) throws Exception {
        if (shards > runCount) {
            throw new ParameterException(spec.commandLine(), "--shards " + shards + " is more than the " + runCount
                    + " selected runs of " + file + ": at most " + runCount + " tasks have a run to do");
        }
        ShardedJob job = new ShardedJob(experiment.name(), file.toString(), runsDir != null ? runsDir : defaultDir,
                shards, quick, only, cpus != null ? cpus : DEFAULT_CPUS, memoryGb != null ? memoryGb : DEFAULT_MEMORY_GB);
        Path dir = out != null ? out : Path.of("");
        Files.createDirectories(dir.toAbsolutePath());
        Path written;
        String next;
        if (emit == Emit.slurm) {
            written = dir.resolve(SlurmScript.fileName(job));
            Files.writeString(written, SlurmScript.text(job, written.toString()));
            written.toFile().setExecutable(true);
            next = "build the jar once (./scda --version), then: sbatch " + written;
        } else {
            written = dir.resolve(KubernetesJob.fileName(job));
            Files.writeString(written, KubernetesJob.text(job, written.toString()));
            next = "replace the image and the volume claim named in its header, then: kubectl apply -f " + written;
        }
        pw.printf("wrote %s: %d tasks, each one slice of the %d selected runs, into %s%n", written, shards, runCount,
                job.runsDir());
        pw.println(next);
        pw.println("then: scda report " + job.runsDir());
        pw.flush();
        return ScdaCommand.EXIT_OK;
    }

    /**
     * Copies the experiment file into the output folder for the report, through a temporary
     * file of this process: processes on other machines may copy it at the same moment.
     */
    private void copyExperimentFile(Path dir) throws Exception {
        Path tmp = Files.createTempFile(dir, ".experiment.yaml.", ".tmp");
        try {
            Files.writeString(tmp, Files.readString(file));
            Files.move(tmp, dir.resolve("experiment.yaml"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The line under {@code --list}: how many runs are finished, to copy and to make, and what the
     * ones to make take at {@code jobs} runners by {@code cost}.
     */
    static String listSummary(int done, int copies, List<RunSpec> todo, RunCostEstimate cost, int jobs) {
        String counts = String.format(Locale.ROOT, "%d finished, %d to copy from --reuse folders, %d to make", done,
                copies, todo.size());
        if (todo.isEmpty()) {
            return counts;
        }
        OptionalDouble seconds = cost.seconds(todo, jobs);
        if (seconds.isEmpty()) {
            return counts + " (no finished run in the output folder yet to estimate their time from)";
        }
        String processor = cost.runsHere() == 0 ? ""
                : String.format(Locale.ROOT, "; the %d made on this processor first, the others' times x%.2f, its"
                + " speed against theirs", cost.runsHere(), cost.speedRatio());
        return counts + String.format(Locale.ROOT, ": about %s at --jobs %d (each at the median wall time of the"
                + " folder's %d finished runs of its variant, else of its method, else of all%s; at the thread counts"
                + " they had)", ProgressBar.formatDuration(seconds.getAsDouble()), jobs,
                cost.finishedRuns(), processor);
    }
}
