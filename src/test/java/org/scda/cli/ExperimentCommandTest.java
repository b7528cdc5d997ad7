package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
