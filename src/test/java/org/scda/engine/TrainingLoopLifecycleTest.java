package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.align.AdaptationStepTest;
import org.scda.config.DivergenceConfig;
import org.scda.config.TrainConfig;
import org.scda.data.DetectionDataset;
import org.scda.model.FasterRcnn;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyDomains;
import org.scda.testing.ToyScenes;
import org.scda.util.ScdaException;

/**
 * The loop's share of a run's life, on scripted iterations (each sets the first weight tensor to
 * a known value and reports a chosen loss): a diverged iteration never reaches the hooks and
 * rolls back to the last healthy checkpoint, a checkpoint records the run, and a stop request
 * ends the run between iterations with the checkpoint of the last one.
 */
@Tag("engine")
class TrainingLoopLifecycleTest {
    @TempDir
    Path dir;
    NDManager manager;
    FasterRcnn model;
    Parameter weight;
    TrainConfig config;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void model() {
        OneEngineThread.use();
        config = AdaptationStepTest.tinyDetector();
        Engine.getInstance().setRandomSeed(2);
        manager = NDManager.newBaseManager();
        model = FasterRcnn.create(config.model(), 2);
        model.initialize(manager, 128, 256);
        weight = model.getParameters().valueAt(0);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private void fill(float value) {
        NDArray a = weight.getArray();
        float[] v = new float[(int) a.size()];
        Arrays.fill(v, value);
        a.set(v);
    }

    /** Iteration i sets the weight to {@code i + 1} and reports {@code result.apply(i)}. */
    private TrainingLoop loop(DivergenceConfig divergence, DetectorCheckpoint checkpoint, int checkpointPeriod,
                              IntFunction<StepResult> result, TrainingLoop.Hook... more) {
        TrainingLoop.Step step = (l, it) -> {
            fill(it + 1);
            return result.apply(it);
        };
        List<TrainingLoop.Hook> hooks = new ArrayList<>(List.of(more));
        hooks.add(new Hooks.Checkpointing(checkpoint, checkpointPeriod, 1000));
        return new TrainingLoop(model, manager, Optimizers.create(config.solver(), model.getParameters().values(), manager),
                LrSchedule.of(config.solver()), null, new Random(2), hooks, step)
                .guardDivergence(new DivergenceGuard(divergence), checkpoint, () -> 0, log::add);
    }

    private static StepResult healthy(int it, double loss) {
        return new StepResult(it, Map.of(), loss, 0.01, false, 0.001);
    }

    private float weightNow() {
        return weight.getArray().toFloatArray()[0];
    }

    @Test
    void anExplodingFiniteLossRollsBackToTheCheckpointBeforeItAndIsNeverCheckpointed() throws Exception {
        Path file = dir.resolve(Checkpoints.LAST);
        DetectorCheckpoint checkpoint = new DetectorCheckpoint(file, config, List.of("a", "b"), -1);
        List<Integer> seenByHooks = new ArrayList<>();
        // iteration 5 (the 6th) explodes: 1e6 against a median of 1.5
        TrainingLoop loop = loop(DivergenceConfig.DEFAULTS, checkpoint, 1,
                it -> healthy(it, it == 5 ? 1e6 : 1.0 + 0.25 * it),
                new TrainingLoop.Hook() {
                    @Override
                    public void afterStep(TrainingLoop l, StepResult step) {
                        seenByHooks.add(step.iteration());
                    }
                });
        loop.run(6);
        assertThat(loop.rollbacks()).isEqualTo(1);
        assertThat(seenByHooks).as("hooks never see the diverged iteration").containsExactly(0, 1, 2, 3, 4);
        assertThat(weightNow()).as("the weights of iteration 5's checkpoint").isEqualTo(5f);
        assertThat(Checkpoints.iteration(file)).isEqualTo(5);
        assertThat(log).singleElement().asString()
                .contains("diverged at iteration 6", "loss 1.00e+06", "divergence.lossFactor 100",
                        "rolled back to the checkpoint of iteration 5");

        loop.run(7);
        assertThat(Checkpoints.iteration(file)).isEqualTo(7);
        Checkpoint written = Checkpoints.readMeta(file);
        assertThat(written.run().rollbacks()).isEqualTo(1);
        assertThat(written.run().recentLosses()).as("the healthy losses only")
                .containsExactly(1.0, 1.25, 1.5, 1.75, 2.0, 2.5);
    }

    @Test
    void aStreakOfSkippedUpdatesIsDivergenceAndWithoutACheckpointTheRunStops() {
        DetectorCheckpoint checkpoint = new DetectorCheckpoint(dir.resolve(Checkpoints.LAST), config, List.of("a", "b"), -1);
        TrainingLoop loop = loop(new DivergenceConfig(100, 100, 3, 3), checkpoint, 100,
                it -> new StepResult(it, Map.of(), 1.0, 0.01, it >= 1, 0.001));
        assertThatThrownBy(() -> loop.run(10)).isInstanceOf(ScdaException.class)
                .hasMessageContaining("diverged at iteration 4")
                .hasMessageContaining("3 consecutive iterations skipped an update")
                .hasMessageContaining("no healthy checkpoint to roll back to");
        assertThat(dir.resolve(Checkpoints.LAST)).doesNotExist();
    }

    @Test
    void aResumedLoopContinuesTheRecordOfItsCheckpoint() throws Exception {
        Path file = dir.resolve(Checkpoints.LAST);
        DetectorCheckpoint checkpoint = new DetectorCheckpoint(file, config, List.of("a", "b"), -1);
        TrainingLoop loop = loop(DivergenceConfig.DEFAULTS, checkpoint, 2, it -> healthy(it, 2.0 + it));
        SettingsChange change = new SettingsChange(0, "seed", new IntNode(7), new IntNode(5));
        loop.setSettingsChanges(List.of(change));
        loop.run(4);
        RunRecord record = Checkpoints.readMeta(file).run();
        assertThat(record.recentLosses()).containsExactly(2.0, 3.0, 4.0, 5.0);
        assertThat(record.settingsChanges()).containsExactly(change);

        TrainingLoop resumed = loop(DivergenceConfig.DEFAULTS, new DetectorCheckpoint(file, config, List.of("a", "b"), 4),
                2, it -> healthy(it, 2.0 + it));
        resumed.setIteration(4);
        resumed.restore(record);
        assertThat(resumed.guard().median()).isEqualTo(3.5);
        assertThat(resumed.settingsChanges()).containsExactly(change);
    }

    @Test
    void aStopBetweenIterationsWritesTheCheckpointOfTheLastOneAndEndsTheRun() throws Exception {
        Path file = dir.resolve(Checkpoints.LAST);
        DetectorCheckpoint checkpoint = new DetectorCheckpoint(file, config, List.of("a", "b"), -1);
        StopRequest stop = new StopRequest();
        TrainingLoop loop = loop(DivergenceConfig.DEFAULTS, checkpoint, 100, it -> healthy(it, 1.0),
                new TrainingLoop.Hook() {
                    @Override
                    public void afterStep(TrainingLoop l, StepResult step) {
                        if (step.iteration() == 2) {
                            stop.request("SIGTERM", 143);
                        }
                    }
                }).stopOn(stop);
        assertThatThrownBy(() -> loop.run(1000)).isInstanceOfSatisfying(RunStoppedException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(143);
            assertThat(e.getMessage()).isEqualTo("stopped by SIGTERM at iteration 3 (checkpoint of iteration 3):"
                    + " continue it with --resume");
        });
        assertThat(Checkpoints.iteration(file)).isEqualTo(3);
        assertThat(loop.iteration()).isEqualTo(3);
    }

    @Test
    void aStopDuringAnEvaluationWritesTheIterationsCheckpointMarkedForEvaluationOnResume() throws Exception {
        Path file = dir.resolve(Checkpoints.LAST);
        DetectorCheckpoint checkpoint = new DetectorCheckpoint(file, config, List.of("a", "b"), -1);
        StopRequest stop = new StopRequest();
        List<Integer> checkpointedBy = new ArrayList<>();
        // an "evaluation" after iteration 4 is cut short by the stop; the hooks after it do not run
        TrainingLoop loop = loop(DivergenceConfig.DEFAULTS, checkpoint, 2, it -> healthy(it, 1.0),
                new TrainingLoop.Hook() {
                    @Override
                    public void afterStep(TrainingLoop l, StepResult step) {
                        if (step.iteration() == 3) {
                            stop.request("SIGINT", 130);
                            l.stopRequest().throwIfRequested("during an evaluation");
                        }
                        checkpointedBy.add(step.iteration());
                    }
                }).stopOn(stop);
        assertThatThrownBy(() -> loop.run(1000)).isInstanceOfSatisfying(RunStoppedException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(130);
            assertThat(e.getMessage()).isEqualTo("stopped by SIGINT during the evaluation at iteration 4"
                    + " (checkpoint of iteration 4, evaluated on resume): continue it with --resume");
        });
        assertThat(checkpointedBy).containsExactly(0, 1, 2);
        assertThat(Checkpoints.iteration(file)).isEqualTo(4);
        assertThat(Checkpoints.readMeta(file).run().evaluationPending()).isTrue();
        assertThat(weightNow()).isEqualTo(4f);
    }

    @Test
    void aDetectorRunnerStopsBetweenImages() throws Exception {
        DetectionDataset data = ToyScenes.generate(dir.resolve("images"), 2, 256, 128, 5);
        StopRequest stop = new StopRequest();
        DetectorRunner runner = new DetectorRunner(model, ToyDomains.TRANSFORM, manager).stopOn(stop);
        assertThat(runner.detect(data, 0, null)).isNotNull();
        stop.request("SIGTERM", 143);
        assertThatThrownBy(() -> runner.detect(data, 0, null)).isInstanceOf(RunStoppedException.class)
                .hasMessage("stopped by SIGTERM during an evaluation");
        assertThat(Files.exists(dir.resolve(Checkpoints.LAST))).isFalse();
    }
}
