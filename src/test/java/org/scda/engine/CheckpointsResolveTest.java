package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which checkpoint a run folder stands for: the one its summary.json reports (an AdaBN run's
 * model_adabn.ckpt, also when it reused another run's training and holds no other), else best,
 * else last; a file as is.
 */
class CheckpointsResolveTest {

    @TempDir
    Path dir;

    private static void summary(Path run, String selected) throws Exception {
        Files.writeString(run.resolve("summary.json"), "{\"" + Checkpoints.SELECTED_KEY + "\": \"" + selected + "\"}");
    }

    @Test
    void aRunFolderStandsForTheCheckpointItsSummaryReports() throws Exception {
        Path adabnReused = Files.createDirectories(dir.resolve("adabn-reused"));
        Files.writeString(adabnReused.resolve("model_adabn.ckpt"), "x");
        summary(adabnReused, "model_adabn.ckpt");
        assertThat(Checkpoints.resolve(adabnReused)).isEqualTo(adabnReused.resolve("model_adabn.ckpt"));

        Path adabnTrained = Files.createDirectories(dir.resolve("adabn-trained"));
        Files.writeString(adabnTrained.resolve(Checkpoints.BEST), "x");
        Files.writeString(adabnTrained.resolve("model_adabn.ckpt"), "x");
        summary(adabnTrained, "model_adabn.ckpt");
        assertThat(Checkpoints.resolve(adabnTrained)).isEqualTo(adabnTrained.resolve("model_adabn.ckpt"));

        Path sourceOnly = Files.createDirectories(dir.resolve("source-only"));
        Files.writeString(sourceOnly.resolve(Checkpoints.BEST), "x");
        Files.writeString(sourceOnly.resolve(Checkpoints.LAST), "x");
        assertThat(Checkpoints.resolve(sourceOnly)).as("no summary: best").isEqualTo(sourceOnly.resolve(Checkpoints.BEST));
        summary(sourceOnly, "model_gone.ckpt");
        assertThat(Checkpoints.resolve(sourceOnly)).as("a summary naming a missing file: best")
                .isEqualTo(sourceOnly.resolve(Checkpoints.BEST));
        summary(sourceOnly, "../adabn-reused/model_adabn.ckpt");
        assertThat(Checkpoints.resolve(sourceOnly)).as("never outside the folder")
                .isEqualTo(sourceOnly.resolve(Checkpoints.BEST));
        Files.writeString(sourceOnly.resolve("summary.json"), "not json");
        assertThat(Checkpoints.resolve(sourceOnly)).isEqualTo(sourceOnly.resolve(Checkpoints.BEST));

        Path file = sourceOnly.resolve(Checkpoints.LAST);
        assertThat(Checkpoints.resolve(file)).isEqualTo(file);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        summary(empty, "model_adabn.ckpt");
        assertThatThrownBy(() -> Checkpoints.resolve(empty)).hasMessageContaining("holds no checkpoint");
    }
}
