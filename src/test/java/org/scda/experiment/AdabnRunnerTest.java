package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.adabn.AdabnMethod;
import org.scda.engine.Checkpoints;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyCoco;
import org.scda.testing.ToyScenes;

/**
 * An {@code adabn} run after a finished source-only run with its training config takes that
 * run's training: the result is the one it would have trained itself, to the byte in the
 * AdaBN'd weights and exactly in the scores. This holds because the two trainings draw the same
 * random numbers (their checkpoints are the same bytes, checked here too). A source-only run of
 * another training config or seed is not taken.
 */
@Tag("engine")
class AdabnRunnerTest {
    /**
     * With {@code solver.baseLr} 0.03, enough for the toy detector to find something on target-val
     * (an mAP of 0 would compare nothing), selected at iteration 10 (not the last).
     */
    private static final int ITERATIONS = 40;
    private static final long SEED = 4;

    @TempDir
    static Path dir;
    static ScenarioSpec scenario;

    @BeforeAll
    static void datasets() throws Exception {
        OneEngineThread.use();
        ToyCoco data = ToyCoco.write(dir, 21, 2);
        String targetVal = ToyCoco.coco(dir, "target_val", ToyScenes.generate(dir.resolve("tv"), 2, 256, 128, 24),
                true);
        scenario = new ScenarioSpec(data.source(), data.sourceVal(), data.target(), targetVal, null, Map.of());
    }

    private static RunSpec run(String variant, String method, long seed, Map<String, Object> variantOverrides) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model.backbone", "small");
        o.put("model.backboneWidth", 8);
        o.put("model.rpn.postNmsTopNTrain", 200);
        o.put("model.roi.headDim", 64);
        o.put("model.roi.batchSizePerImage", 64);
        o.put("solver.baseLr", 0.03);
        o.put("solver.warmupIterations", 1);
        o.put("evalPeriod", 10);
        o.put("checkpointPeriod", 10);
        o.put("data.valLimit", 1);
        o.put("adapt.adabnImages", 3); // an experiment-wide adapt.* key: source-only runs leave it out
        o.putAll(variantOverrides);
        return new RunSpec(RunSpec.id("toy", variant, seed), "toy", scenario, variant,
                new VariantSpec(variant, method, null, variantOverrides), seed, ITERATIONS, null, o);
    }

    private static ExperimentRunner.Summary experiment(Path out, ByteArrayOutputStream log, RunSpec... runs)
            throws Exception {
        ExperimentRunner.Summary s = new ExperimentRunner(MethodRunners.builtIn(),
                new PrintStream(log, true, StandardCharsets.UTF_8)).run(List.of(runs), out);
        assertThat(s.failed()).as(log.toString(StandardCharsets.UTF_8)).isEmpty();
        return s;
    }

    @Test
    void aReusedSourceOnlyTrainingGivesTheAdabnRunItWouldHaveTrained() throws Exception {
        RunSpec sourceOnly = run("source-only", "source-only", SEED, Map.of());
        RunSpec adabn = run("adabn", "adabn", SEED, Map.of());
        Path alone = dir.resolve("alone");
        experiment(alone, new ByteArrayOutputStream(), adabn);
        Path shared = dir.resolve("shared");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        experiment(shared, log, sourceOnly, adabn);

        Path trainedRun = ExperimentRunner.runDir(alone, adabn);
        Path reusedRun = ExperimentRunner.runDir(shared, adabn);
        Path sourceOnlyRun = ExperimentRunner.runDir(shared, sourceOnly);
        // the premise: AdaBN's training and source-only training draw the same random numbers
        for (String file : List.of(Checkpoints.BEST, Checkpoints.LAST)) {
            assertThat(Files.readAllBytes(trainedRun.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(sourceOnlyRun.resolve(file)));
        }

        RunResult trained = RunResult.read(trainedRun);
        RunResult reused = RunResult.read(reusedRun);
        assertThat(trained.reusedTraining()).isNull();
        assertThat(reused.reusedTraining()).isEqualTo(sourceOnly.id());
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("reusing the training of " + sourceOnly.id());
        assertThat(reusedRun.resolve(Checkpoints.LAST)).as("it trained nothing").doesNotExist();
        assertThat(reusedRun.resolve("metrics.jsonl")).doesNotExist();
        assertThat(Files.readString(reusedRun.resolve("summary.json")))
                .contains("\"reused_training\" : \"" + sourceOnly.id() + "\"");

        byte[] adapted = parameters(reusedRun.resolve(AdabnMethod.CHECKPOINT));
        assertThat(adapted).isEqualTo(parameters(trainedRun.resolve(AdabnMethod.CHECKPOINT)));
        assertThat(adapted).as("AdaBN changed the source-only weights")
                .isNotEqualTo(parameters(Checkpoints.resolve(sourceOnlyRun)));

        assertThat(trained.targetVal().mAP()).as("a comparison of something").isPositive();
        assertThat(RunResult.read(sourceOnlyRun).selectedIteration()).as("a selected checkpoint other than the last")
                .isLessThan(ITERATIONS);
        assertThat(reused.targetVal()).isEqualTo(trained.targetVal());
        assertThat(reused.sourceVal()).isEqualTo(trained.sourceVal());
        assertThat(reused.prCurves()).usingRecursiveComparison().isEqualTo(trained.prCurves());
        assertThat(reused.selectedIteration()).isEqualTo(trained.selectedIteration());
        assertThat(reused.config()).isEqualTo(trained.config());
        // the trained run reports its AdaBN'd detector's source-val, not the un-adapted one's
        assertThat(trained.sourceVal().mAP()).isEqualTo(Checkpoints.readMeta(
                trainedRun.resolve(AdabnMethod.CHECKPOINT)).metrics().get("source_val.mAP"));
    }

    @Test
    void aSourceOnlyRunOfAnotherTrainingConfigOrSeedIsNotReused() throws Exception {
        RunSpec strong = run("source-only-strong", "source-only", SEED, Map.of("model.input.augment", "strong"));
        RunSpec otherSeed = run("source-only", "source-only", SEED + 1, Map.of());
        RunSpec adabn = run("adabn", "adabn", SEED, Map.of());
        Path out = dir.resolve("different");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        experiment(out, log, strong, otherSeed, adabn);

        RunResult result = RunResult.read(ExperimentRunner.runDir(out, adabn));
        assertThat(result.reusedTraining()).isNull();
        assertThat(ExperimentRunner.runDir(out, adabn).resolve(Checkpoints.LAST)).as("it trained").exists();
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("not reusing the training of " + strong.id() + ": its training config differs in"
                        + " model.input.augment")
                .doesNotContain("reusing the training of " + otherSeed.id());
    }

    /** A checkpoint's parameters as the model writes them. */
    private static byte[] parameters(Path checkpoint) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                Checkpoints.load(checkpoint, manager).model().saveParameters(out);
            }
            return bytes.toByteArray();
        }
    }
}
