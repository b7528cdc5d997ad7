package org.scda.adapt.adabn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.norm.BatchNorm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.core.BatchNormAdaptation;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSummary;
import org.scda.data.Datasets;
import org.scda.engine.Checkpoints;
import org.scda.model.FasterRcnn;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyCoco;

/**
 * AdaBN as an adaptation method: the run trains on the source alone (no target image, every
 * iteration "warm-up"), selects its detector as any run does, and reports that detector with
 * the BatchNorm statistics of the target images: exactly what {@code scda adabn} writes for the
 * selected checkpoint. A backbone without BatchNorm is refused before training.
 */
@Tag("engine")
class AdabnMethodTest {
    private static final int ITERATIONS = 6;

    @TempDir
    static Path dir;
    static ToyCoco data;

    @BeforeAll
    static void datasets() throws Exception {
        OneEngineThread.use();
        data = ToyCoco.write(dir, 21, 2);
    }

    private static AdaptConfig config(String backbone) {
        return AdaptConfig.parseYaml("""
                model:
                  backbone: %s
                  backboneWidth: 8
                  rpn: {postNmsTopNTrain: 200}
                  roi: {headDim: 64, batchSizePerImage: 64}
                solver: {iterations: %d, baseLr: 0.01, warmupIterations: 1}
                seed: 4
                evalPeriod: 3
                checkpointPeriod: 3
                adapt:
                  method: adabn
                  target: '%s'
                  adabnImages: 3
                """.formatted(backbone, ITERATIONS, data.target()) + data.dataSection());
    }

    @Test
    void reportsTheSelectedDetectorWithTheTargetsBatchNormStatistics() throws Exception {
        Path run = dir.resolve("run");
        AdaptSummary s = AdaptationMethods.training(config("small"), run, false,
                new PrintStream(new ByteArrayOutputStream())).run();

        assertThat(s.iterations()).isEqualTo(ITERATIONS);
        assertThat(s.warmupIterations()).as("no iteration draws a target image").isEqualTo(ITERATIONS);
        assertThat(s.skippedAlignmentUpdates()).isZero();
        assertThat(s.selectedCheckpoint()).isEqualTo(run.resolve(AdabnMethod.CHECKPOINT)).exists();
        assertThat(s.selected().sourceVal()).isNotNull();
        Path trained = run.resolve(s.best() != null ? Checkpoints.BEST : Checkpoints.LAST);

        // the same statistics as scda adabn on the selected checkpoint with the same images
        Path byCommand = dir.resolve("by-command.ckpt");
        AdabnCheckpoint.write(trained, Datasets.load(data.target()), 3, byCommand);
        List<float[]> reported = runningMeans(s.selectedCheckpoint());
        assertThat(reported).usingElementComparator((a, b) -> java.util.Arrays.equals(a, b) ? 0 : 1)
                .containsExactlyElementsOf(runningMeans(byCommand));
        assertThat(reported).usingElementComparator((a, b) -> java.util.Arrays.equals(a, b) ? 0 : 1)
                .as("the trained detector's own statistics are replaced")
                .doesNotContainAnyElementsOf(runningMeans(trained));
        String summary = Files.readString(run.resolve("summary.json"));
        assertThat(summary).contains("\"selected_checkpoint\" : \"" + AdabnMethod.CHECKPOINT + "\"")
                .contains("\"adabn_images\" : 3").doesNotContain("\"preset\"");
    }

    @Test
    void aBackboneWithoutBatchNormIsRefusedBeforeTraining() {
        Path run = dir.resolve("nobn");
        assertThatThrownBy(() -> AdaptationMethods.training(config("small-nobn"), run, false,
                new PrintStream(new ByteArrayOutputStream())).run())
                .hasMessageContaining("adabn needs a backbone with BatchNorm");
        assertThat(run.resolve("metrics.jsonl")).doesNotExist();
    }

    private static List<float[]> runningMeans(Path checkpoint) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = Checkpoints.load(checkpoint, manager).model();
            List<float[]> out = new ArrayList<>();
            for (BatchNorm bn : BatchNormAdaptation.layers(model)) {
                out.add(bn.getParameters().get("runningMean").getArray().toFloatArray());
            }
            return out;
        }
    }
}
