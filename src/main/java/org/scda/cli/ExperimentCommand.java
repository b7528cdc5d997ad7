package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scda.experiment.ExperimentRunner;
import org.scda.experiment.ExperimentSpec;
import org.scda.experiment.MethodRunners;
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
                "unfinished ones resume from their checkpoint. Then: scda report OUT."})
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
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("experiment.yaml"), Files.readString(file));
        long start = System.nanoTime();
        ExperimentRunner.Summary s = new ExperimentRunner(MethodRunners.builtIn(), System.err).run(runs, dir);
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
}
