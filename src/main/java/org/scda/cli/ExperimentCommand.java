package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.scda.engine.Devices;
import org.scda.experiment.ExperimentRunner;
import org.scda.experiment.ExperimentSpec;
import org.scda.experiment.MethodRunners;
import org.scda.experiment.ParallelJobs;
import org.scda.experiment.RunFilter;
import org.scda.experiment.RunSpec;
import org.scda.util.ScdaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
                "--jobs N starts N of them, each with an equal share of the libtorch threads."})
public final class ExperimentCommand implements Callable<Integer> {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.yaml", description = "Experiment file, e.g. experiments/paper-tables.yaml.")
    Path file;

    @Option(names = "--quick", description = "The file's quick variant: its quick seeds and iterations.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/NAME, runs/NAME-quick with --quick).")
    Path out;

    @Option(names = "--only", paramLabel = "PATTERN",
            description = "Comma-separated globs over run ids SCENARIO/VARIANT/seedN, e.g. 'foggy/*'.")
    String only;

    @Option(names = "--list", description = "Print the runs and whether they are finished; run nothing.")
    boolean list;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Train N runs at once in N worker processes sharing the threads (SCDA_THREADS)."
                    + " On 2 cores, --jobs 2 gives about 1.5x the throughput of one process (default: ${DEFAULT-VALUE}).")
    int jobs;

    /** Set on the workers that --jobs starts: how many share the folder (for the ETA). */
    @Option(names = "--job-of", hidden = true)
    int jobOf = 1;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new ScdaException("no experiment file " + file);
        }
        ExperimentSpec experiment = ExperimentSpec.load(file);
        List<RunSpec> runs = new RunFilter(only).apply(experiment.expand(quick));
        if (runs.isEmpty()) {
            throw new ScdaException("--only '" + only + "' selects none of the runs of " + file);
        }
        Path dir = out != null ? out : Path.of("runs", experiment.name() + (quick ? "-quick" : ""));
        PrintWriter pw = spec.commandLine().getOut();
        if (list) {
            for (RunSpec r : runs) {
                boolean done = ExperimentRunner.finished(ExperimentRunner.runDir(dir, r));
                pw.printf("%-8s %-40s %s%s%n", done ? "done" : "todo", r.id(), r.method(),
                        r.iterations() == null ? "" : " (" + r.iterations() + " iterations)");
            }
            pw.flush();
            return ScdaCommand.EXIT_OK;
        }
        if (jobs < 1) {
            throw new ScdaException("--jobs must be at least 1, got " + jobs);
        }
        // a device the engine cannot give would otherwise fail each run in turn, after its folder is made
        for (Object device : runs.stream().map(r -> r.overrides().get("device")).filter(Objects::nonNull).distinct()
                .toList()) {
            Devices.require(device.toString(), "device: " + device + " in " + file);
        }
        Files.createDirectories(dir);
        long start = System.nanoTime();
        if (jobs > 1) {
            Files.writeString(dir.resolve("experiment.yaml"), Files.readString(file));
            return runJobs(runs, dir, start, pw);
        }
        if (jobOf == 1) {
            Files.writeString(dir.resolve("experiment.yaml"), Files.readString(file));
        }
        ExperimentRunner.Summary s = new ExperimentRunner(MethodRunners.builtIn(), System.err, jobOf).run(runs, dir);
        pw.printf("%d runs finished now, %d were already finished, %d failed, in %s; results in %s%n",
                s.completed().size(), s.skipped().size(), s.failed().size(),
                org.scda.util.ProgressBar.formatDuration((System.nanoTime() - start) / 1e9), dir);
        for (Map.Entry<String, String> f : s.failed().entrySet()) {
            pw.println("  failed: " + f.getKey() + ": " + f.getValue());
        }
        pw.println("report: scda report " + dir);
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
        if (verbose.verbose) {
            args.add("--verbose");
        }
        int worst = ParallelJobs.run(jobs, Main.class.getName(), args, System.err);
        long done = runs.stream().filter(r -> ExperimentRunner.finished(ExperimentRunner.runDir(dir, r))).count();
        pw.printf("%d jobs ended in %s; %d of %d runs finished in %s%n", jobs,
                org.scda.util.ProgressBar.formatDuration((System.nanoTime() - start) / 1e9), done, runs.size(), dir);
        pw.println("report: scda report " + dir);
        pw.flush();
        return worst == 0 && done == runs.size() ? ScdaCommand.EXIT_OK : ScdaCommand.EXIT_FAILED;
    }
}
