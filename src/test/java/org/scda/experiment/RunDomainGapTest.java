package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which checkpoint of a run folder the domain gap measures: the one the run reports. */
class RunDomainGapTest {

    @TempDir
    Path dir;

    @Test
    void anAdabnRunIsMeasuredWithItsAdabnCheckpointOthersWithTheirSelectedOne() throws Exception {
        Path adabnReused = Files.createDirectories(dir.resolve("adabn-reused"));
        Files.writeString(adabnReused.resolve("model_adabn.ckpt"), "x");
        assertThat(RunDomainGap.checkpointOf(adabnReused)).isEqualTo(adabnReused.resolve("model_adabn.ckpt"));

        Path adabnTrained = Files.createDirectories(dir.resolve("adabn-trained"));
        Files.writeString(adabnTrained.resolve("model_best.ckpt"), "x");
        Files.writeString(adabnTrained.resolve("model_adabn.ckpt"), "x");
        assertThat(RunDomainGap.checkpointOf(adabnTrained)).isEqualTo(adabnTrained.resolve("model_adabn.ckpt"));

        Path sourceOnly = Files.createDirectories(dir.resolve("source-only"));
        Files.writeString(sourceOnly.resolve("model_best.ckpt"), "x");
        Files.writeString(sourceOnly.resolve("model_last.ckpt"), "x");
        assertThat(RunDomainGap.checkpointOf(sourceOnly)).isEqualTo(sourceOnly.resolve("model_best.ckpt"));

        Path file = sourceOnly.resolve("model_last.ckpt");
        assertThat(RunDomainGap.checkpointOf(file)).isEqualTo(file);
        assertThatThrownBy(() -> RunDomainGap.checkpointOf(Files.createDirectories(dir.resolve("empty"))))
                .hasMessageContaining("holds no checkpoint");
    }
}
