package org.scda.adapt.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
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
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSummary;
import org.scda.engine.Checkpoints;
import org.scda.model.FasterRcnn;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyCoco;

/**
 * The mean teacher as a method: the teacher starts after the burn-in, is what is evaluated and
 * reported (written as {@value MeanTeacherMethod#TEACHER_CHECKPOINT} when the last iteration is
 * selected, while {@code model_last.ckpt} keeps the student for resuming), its pseudo-labels are
 * pictured.
 */
@Tag("engine")
class MeanTeacherMethodTest {
    private static final int ITERATIONS = 8;

    @TempDir
    static Path dir;
    static ToyCoco data;

    @BeforeAll
    static void datasets() throws Exception {
        OneEngineThread.use();
        data = ToyCoco.write(dir, 31, 2);
    }

    private static AdaptConfig config() {
        return AdaptConfig.parseYaml("""
                model:
                  backboneWidth: 8
                  rpn: {postNmsTopNTrain: 200}
                  roi: {headDim: 64, batchSizePerImage: 64}
                solver: {iterations: %d, baseLr: 0.01, warmupIterations: 1}
                seed: 5
                evalPeriod: 4
                checkpointPeriod: 4
                adapt:
                  method: mean-teacher
                  target: '%s'
                  warmupFraction: 0.5
                  adabnImages: 2
                  picturePeriod: 2
                  modelSelection: last
                  teacher: {threshold: 0.05, keepRate: 0.5}
                """.formatted(ITERATIONS, data.target()) + data.dataSection());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    @Test
    void theTeacherIsReportedAndTheStudentKeptForResuming() throws Exception {
        Path run = dir.resolve("run");
        AdaptSummary s = AdaptationMethods.training(config(), run, false, quiet()).run();

        assertThat(s.warmupIterations()).isEqualTo(ITERATIONS / 2);
        assertThat(s.selectedCheckpoint()).isEqualTo(run.resolve(MeanTeacherMethod.TEACHER_CHECKPOINT)).exists();
        List<float[]> teacher = weights(s.selectedCheckpoint());
        List<float[]> student = weights(run.resolve(Checkpoints.LAST));
        assertThat(teacher).hasSameSizeAs(student);
        assertThat(teacher.get(0)).as("the teacher trails the student").isNotEqualTo(student.get(0));
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl")))
                .anyMatch(l -> l.contains("\"teacher.pseudo_labels\""));
        try (var files = Files.list(run.resolve("pictures"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("the first target iteration and every second one")
                    .containsExactly("iter_000005_pseudo.png", "iter_000006_pseudo.png", "iter_000008_pseudo.png");
        }
        String summary = Files.readString(run.resolve("summary.json"));
        assertThat(summary).contains("\"teacher_keep_rate\" : 0.5").contains("\"selected_checkpoint\" : \""
                + MeanTeacherMethod.TEACHER_CHECKPOINT + "\"").doesNotContain("\"lambda\"");
        // where the time went: both regimes, the teacher's phases inside the two-domain step's
        assertThat(summary).contains("\"phase_ms_per_iteration\"").contains("\"source-only\"")
                .contains("\"target forward: teacher detection\"").contains("\"after update: teacher statistics\"");
    }

    private static List<float[]> weights(Path checkpoint) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = Checkpoints.load(checkpoint, manager).model();
            List<float[]> out = new ArrayList<>();
            for (var p : model.getParameters()) {
                out.add(p.getValue().getArray().toFloatArray());
            }
            return out;
        }
    }
}
