package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesABenchmarkAndSaysWhere() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dir = tmp.resolve("cam");
        int code = ScdaCommandTest.run(out, err, "synth", "--scenario", "camera", "--out", dir.toString(),
                "--train", "3", "--val", "2", "--seed", "4");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("camera", "source 256x128", "target 224x160", "source/train", "target_oracle/train");
        assertThat(dir.resolve("source/train.json")).exists();
        assertThat(dir.resolve("target/train/000002.png")).exists();
        assertThat(dir.resolve("target_oracle/train.json")).exists();
    }

    @Test
    void badScenarioOrSizeIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(new StringWriter(), err, "synth", "--scenario", "rainy", "--out", tmp.toString());
        assertThat(code).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("rainy", "foggy");
        err = new StringWriter();
        code = ScdaCommandTest.run(new StringWriter(), err, "synth", "--scenario", "foggy", "--out", tmp.toString(),
                "--size", "256by128");
        assertThat(code).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--size");
        assertThat(ScdaCommandTest.run(new StringWriter(), new StringWriter(), "synth", "--out", tmp.toString()))
                .isEqualTo(ScdaCommand.EXIT_USAGE);
    }
}
