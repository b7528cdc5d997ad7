package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scda.report.ReportBuilder;
import org.scda.report.RunCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scda report}: the Markdown and self-contained HTML report of a runs folder. */
@Command(name = "report",
        header = "Write a Markdown + HTML report (tables, curves, pictures) from experiment runs.",
        mixinStandardHelpOptions = true,
        description = {"Write report.md and a self-contained report.html for the runs under",
                "RUNS_DIR (written by scda experiment): tables in the paper's layout with",
                "mean +- std over seeds and the paper's numbers beside them, training and",
                "precision-recall curves, detections of source-only vs adapted models,",
                "region-mining pictures."})
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUNS_DIR", description = "Folder holding the runs (result.json files).")
    Path runsDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: RUNS_DIR/report).")
    Path out;

    @Override
    public Integer call() throws Exception {
        RunCollection runs = RunCollection.load(runsDir);
        Path dir = out != null ? out : runsDir.resolve("report");
        ReportBuilder.Written w = new ReportBuilder(runs, dir, System.err).write();
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("report of %d runs: %s, %s (%d images in %s)%n", runs.runs().size(), w.markdown(), w.html(),
                w.images().size(), dir.resolve("images"));
        pw.flush();
        return ScdaCommand.EXIT_OK;
    }
}
