package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.experiment.RunCostEstimate;
import org.scda.experiment.RunSpec;
import org.scda.experiment.ScenarioSpec;
import org.scda.experiment.VariantSpec;

class ExperimentCommandTest {
    @TempDir
    Path tmp;

    @Test
    void listShowsTheSelectedQuickRunsAndTheirState() throws Exception {
        Path done = tmp.resolve("out/foggy/source-only/seed1");
        Files.createDirectories(done);
        Files.writeString(done.resolve("result.json"), "{}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(out, err, "experiment", "experiments/paper-tables.yaml", "--quick", "--list",
                "--only", "foggy/source-only/*,foggy/type2/*", "--out", tmp.resolve("out").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines()).hasSize(2);
        assertThat(out.toString()).containsPattern("done +foggy/source-only/seed1 +source-only \\(300 iterations\\)")
                .containsPattern("todo +foggy/type2/seed1 +scda");
        // no finished run with a readable result to estimate from ("{}" above)
        assertThat(err.toString()).contains("1 finished, 0 to copy from --reuse folders, 1 to make (no finished run");
    }

    @Test
    void listEstimatesTheRunsToMakeFromTheFoldersFinishedRuns() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // one finished source-only run of 100 s and one type2 run of 400 s (another variant, same method)
        org.scda.experiment.RunResultsForTests.write(tmp.resolve("out"), "foggy", "source-only", "source-only", 1, 100);
        org.scda.experiment.RunResultsForTests.write(tmp.resolve("out"), "sim2real", "type2-other", "scda", 1, 400);
        int code = ScdaCommandTest.run(out, err, "experiment", "experiments/paper-tables.yaml", "--quick", "--list",
                "--only", "foggy/source-only/*,foggy/type2/*,sim2real/source-only/*", "--jobs", "2",
                "--out", tmp.resolve("out").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines()).hasSize(3).allMatch(l -> l.matches("(done|todo) +\\S+/seed1 .*"));
        // to make: foggy/type2 (its method's 400 s) and sim2real/source-only (its variant's 100 s): 500 s / 2
        assertThat(err.toString()).contains("1 finished, 0 to copy from --reuse folders, 2 to make: about "
                + org.scda.util.ProgressBar.formatDuration(250) + " at --jobs 2");
    }

    @Test
    void aPatternSelectingNothingIsAUserError() {
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(new StringWriter(), err, "experiment", "experiments/paper-tables.yaml",
                "--only", "rain/*", "--out", tmp.resolve("out").toString());
        assertThat(code).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("--only 'rain/*' selects none of the runs");
    }

    @Test
    void reportOfAFolderWithoutRunsSaysSo() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(new StringWriter(), err, "report", tmp.resolve("empty").toString());
        assertThat(code).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("holds no finished run");
    }

    @Test
    void theListSummarySaysHowTheTimeOfTheRunsToMakeIsEstimated() {
        List<RunSpec> todo = List.of(spec("t2", "scda"), spec("so", "source-only"));
        RunCostEstimate mixed = RunCostEstimate.of(List.of(new RunCostEstimate.Finished("so", "source-only", 100, "zen5"),
                new RunCostEstimate.Finished("t2", "scda", 400, "zen5")));
        assertThat(ExperimentCommand.listSummary(3, 1, todo, mixed, 2))
                .isEqualTo("3 finished, 1 to copy from --reuse folders, 2 to make: about 4m10s at --jobs 2 (each at the"
                        + " median wall time of the folder's 2 finished runs of its variant, else of its method, else of"
                        + " all; at the thread counts they had)");
        RunCostEstimate slower = RunCostEstimate.of(List.of(new RunCostEstimate.Finished("so", "source-only", 100, "zen5"),
                new RunCostEstimate.Finished("t2", "scda", 400, "zen5"),
                new RunCostEstimate.Finished("so", "source-only", 300, "zen3")), "zen3");
        // t2 400 x 3 = 1200 s, so 300 s: 1500 s over two runners
        assertThat(ExperimentCommand.listSummary(3, 0, todo, slower, 2))
                .contains("about 12m30s at --jobs 2").contains("the 1 made on this processor first, the others' times x3.00");
        assertThat(ExperimentCommand.listSummary(3, 0, List.of(), slower, 2)).isEqualTo("3 finished, 0 to copy from"
                + " --reuse folders, 0 to make");
    }

    private static RunSpec spec(String variant, String method) {
        return new RunSpec(RunSpec.id("foggy", variant, 1), "foggy", ScenarioSpec.synth("foggy", List.of()), variant,
                new VariantSpec(variant, method, null, Map.of()), 1, 10, null, Map.of());
    }
}
