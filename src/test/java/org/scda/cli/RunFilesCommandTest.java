package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.engine.Checkpoints;
import org.scda.testing.OneEngineThread;

/**
 * A run's files when something went wrong before: leftovers of interrupted checkpoint writes
 * are removed at the next start, a truncated checkpoint or adaptation state fails with a line
 * that names it, and an {@code --out} that is a file is a clear one-line error.
 */
@Tag("engine")
class RunFilesCommandTest {
    @TempDir
    static Path data;
    static TinyRuns runs;

    @BeforeAll
    static void datasets() throws Exception {
        OneEngineThread.use();
        runs = new TinyRuns(data, 2);
    }

    @Test
    void leftoversOfInterruptedCheckpointWritesAreRemovedAtTheNextStart(@TempDir Path dir) throws Exception {
        Path cfg = TinyRuns.config(dir, "tiny", 2, 2, "");
        Path runDir = dir.resolve("run");
        assertThat(runs.run(runs.train(cfg, runDir))).as(runs.err()).isZero();
        Path leftover = runDir.resolve(Checkpoints.LAST + "8211640931846311311.tmp");
        Path best = runDir.resolve(Checkpoints.BEST + "77.tmp");
        Path notOurs = runDir.resolve("notes.tmp");
        for (Path p : List.of(leftover, best, notOurs)) {
            Files.write(p, new byte[1000]);
        }
        assertThat(runs.run(runs.train(cfg, runDir, "--resume"))).as(runs.err()).isZero();
        assertThat(leftover).doesNotExist();
        assertThat(best).doesNotExist();
        assertThat(notOurs).as("a file the run did not write").exists();

        // a first run whose first checkpoint write was interrupted: no checkpoint yet, a leftover
        Path fresh = dir.resolve("fresh");
        Files.createDirectories(fresh);
        Path first = fresh.resolve(Checkpoints.LAST + "123.tmp");
        Files.write(first, new byte[1000]);
        assertThat(runs.run(runs.train(cfg, fresh))).as(runs.err()).isZero();
        assertThat(first).doesNotExist();
    }

    @Test
    void aTruncatedCheckpointFailsNamingTheFile(@TempDir Path dir) throws Exception {
        Path cfg = TinyRuns.config(dir, "tiny", 2, 2, "");
        Path runDir = dir.resolve("run");
        assertThat(runs.run(runs.train(cfg, runDir))).as(runs.err()).isZero();
        Path last = runDir.resolve(Checkpoints.LAST);
        byte[] whole = Files.readAllBytes(last);
        for (int length : new int[] {40, 2000, whole.length / 2, whole.length - 1}) {
            Files.write(last, Arrays.copyOf(whole, length));
            assertThat(runs.run(runs.train(cfg, runDir, "--resume"))).as("truncated to " + length).isEqualTo(1);
            TinyRuns.assertOneLine(runs.err());
            assertThat(runs.err()).as("truncated to " + length).contains(last.toString());
        }
    }

    @Test
    void aTruncatedAdaptationStateFailsNamingTheFile(@TempDir Path dir) throws Exception {
        Path cfg = TinyRuns.config(dir, "tiny", 2, 2, TinyRuns.ADAPT);
        Path runDir = dir.resolve("run");
        assertThat(runs.run(runs.adapt(cfg, runDir))).as(runs.err()).isZero();
        Path state = runDir.resolve("alignment_last.params");
        byte[] whole = Files.readAllBytes(state);
        Files.deleteIfExists(runDir.resolve("alignment_prev.params"));
        for (int length : new int[] {40, whole.length / 2}) {
            Files.write(state, Arrays.copyOf(whole, length));
            assertThat(runs.run(runs.adapt(cfg, runDir, "--resume"))).as("truncated to " + length).isEqualTo(1);
            TinyRuns.assertOneLine(runs.err());
            assertThat(runs.err()).as("truncated to " + length).contains(state.toString());
        }
    }

    @Test
    void anOutThatIsARegularFileIsAClearOneLineError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a run");
        Path cfg = TinyRuns.config(dir, "tiny", 2, 2, "");
        assertThat(runs.run(runs.train(cfg, file))).isEqualTo(1);
        TinyRuns.assertOneLine(runs.err());
        assertThat(runs.err()).contains(file.toString(), "not a directory");
        assertThat(runs.run(runs.adapt(TinyRuns.config(dir, "adapt", 2, 2, TinyRuns.ADAPT), file))).isEqualTo(1);
        assertThat(runs.err()).contains(file.toString(), "not a directory");
        assertThat(Files.readString(file)).isEqualTo("not a run");
    }
}
