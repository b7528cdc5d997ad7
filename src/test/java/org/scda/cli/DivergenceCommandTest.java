package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.engine.Checkpoints;
import org.scda.testing.OneEngineThread;

/**
 * Runs that cannot train: a learning rate that is not a finite positive number is refused at
 * load naming the setting, and a run whose loss explodes fails with a one-line reason instead of
 * ending as a success, keeping no checkpoint written after its divergence began.
 */
@Tag("engine")
class DivergenceCommandTest {
    @TempDir
    static Path data;
    static TinyRuns runs;

    @BeforeAll
    static void datasets() throws Exception {
        OneEngineThread.use();
        runs = new TinyRuns(data, 2);
    }

    @Test
    void invalidLearningRatesAreRefusedAtLoadNamingTheSetting(@TempDir Path dir) throws Exception {
        Path cfg = TinyRuns.config(dir, "tiny", 4, 2, "");
        for (String lr : new String[] {"NaN", "-1", "0", "Infinity"}) {
            Path runDir = dir.resolve("run" + lr);
            assertThat(runs.run(runs.train(cfg, runDir, "--lr", lr))).as(lr).isEqualTo(1);
            TinyRuns.assertOneLine(runs.err());
            assertThat(runs.err()).as(lr).contains("solver.baseLr");
            assertThat(runDir.resolve("config.yaml")).doesNotExist();
        }
        Path negative = TinyRuns.config(dir, "negative", 4, 2, "-1", TinyRuns.ADAPT);
        assertThat(runs.run(runs.adapt(negative, dir.resolve("adapt")))).isEqualTo(1);
        TinyRuns.assertOneLine(runs.err());
        assertThat(runs.err()).contains("solver.baseLr");
    }

    @Test
    void trainingThatDivergesFailsAndKeepsNoCheckpointOfTheDivergedModel(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        int code = runs.run(runs.train(TinyRuns.config(dir, "tiny", 30, 1, "evalPeriod: 2\n"), runDir, "--lr", "1e3"));
        assertThat(code).as(runs.out()).isEqualTo(1);
        TinyRuns.assertOneLine(runs.err());
        int at = divergedAt(runs.err());
        for (String name : new String[] {Checkpoints.LAST, Checkpoints.BEST}) {
            Path file = runDir.resolve(name);
            if (Files.exists(file)) {
                assertThat(Checkpoints.iteration(file)).as(name).isLessThan(at);
            }
        }
        assertThat(runDir.resolve("summary.json")).doesNotExist();
    }

    @Test
    void adaptationThatDivergesNeverRestoresOrKeepsACheckpointWrittenAfterDivergenceBegan(@TempDir Path dir)
            throws Exception {
        Path runDir = dir.resolve("run");
        int code = runs.run(runs.adapt(TinyRuns.config(dir, "tiny", 30, 1, "1000", TinyRuns.ADAPT), runDir));
        assertThat(code).as(runs.out()).isEqualTo(1);
        TinyRuns.assertOneLine(runs.err());
        int at = divergedAt(runs.err());
        assertThat(Checkpoints.iteration(runDir.resolve(Checkpoints.LAST))).isLessThan(at);
        assertThat(runDir.resolve("summary.json")).doesNotExist();
    }

    /** The iteration a divergence message names. */
    private static int divergedAt(String message) {
        Matcher m = Pattern.compile("diverged at iteration (\\d+)").matcher(message);
        assertThat(m.find()).as(message).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
