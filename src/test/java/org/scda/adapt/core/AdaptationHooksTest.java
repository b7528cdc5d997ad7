package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.align.Ablations;
import org.scda.adapt.align.AdaptationStepTest;
import org.scda.adapt.align.AlignmentConfig;
import org.scda.adapt.align.AlignmentShapes;
import org.scda.adapt.align.RegionAlignment;
import org.scda.config.DivergenceConfig;
import org.scda.config.TrainConfig;
import org.scda.engine.DivergenceGuard;
import org.scda.engine.Hooks;
import org.scda.engine.LrSchedule;
import org.scda.engine.Optimizers;
import org.scda.engine.StepResult;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;
import org.scda.testing.OneEngineThread;
import org.scda.util.ScdaException;

/**
 * An adaptation run's divergence handling: its checkpoint holds the detector and the alignment
 * modules, a diverged iteration rolls both back to the last healthy checkpoint, and a run that
 * keeps diverging stops once its rollbacks are used up.
 */
@Tag("engine")
class AdaptationHooksTest {

    private static void fill(Parameter p, float value) {
        NDArray a = p.getArray();
        float[] v = new float[(int) a.size()];
        Arrays.fill(v, value);
        a.set(v);
    }

    @Test
    void persistentNonFiniteLossesRollDetectorAndAlignmentBackThenStop(@TempDir Path dir) {
        OneEngineThread.use();
        TrainConfig config = AdaptationStepTest.tinyDetector();
        Engine.getInstance().setRandomSeed(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), 2);
            model.initialize(manager, 128, 256);
            AlignmentConfig ac = AdaptationStepTest.alignment(Ablations.NONE);
            try (RegionAlignment alignment = new RegionAlignment(ac,
                    AlignmentShapes.forRegions(ac.preset(), model.featureDim()), manager)) {
                Parameter detectorParam = model.getParameters().valueAt(0);
                Parameter generatorParam = alignment.generatorParameters().get(0);
                // iterations 0, 1 healthy (weights 1, 2); from 2 on the weights blow up and every loss is NaN
                TrainingLoop.Step step = (loop, it) -> {
                    float value = it < 2 ? it + 1 : Float.NaN;
                    fill(detectorParam, value);
                    fill(generatorParam, value);
                    return new StepResult(it, Map.of(), it < 2 ? 1 : Double.NaN, 0.01, it >= 2, 0.001);
                };
                List<String> log = new ArrayList<>();
                AdaptationModules modules = alignment;
                AdaptationHooks.AdaptationCheckpoint checkpoint = new AdaptationHooks.AdaptationCheckpoint(dir,
                        config, List.of("a", "b"), modules, null, "config");
                TrainingLoop loop = new TrainingLoop(model, manager,
                        Optimizers.create(config.solver(), model.getParameters().values(), manager),
                        LrSchedule.of(config.solver()), null, new Random(2),
                        List.of(new Hooks.Checkpointing(checkpoint, 2, 100)), step)
                        .guardDivergence(new DivergenceGuard(new DivergenceConfig(100, 100, 20, 2)), checkpoint,
                                modules::skippedUpdates, log::add);

                loop.run(4);
                assertThat(loop.rollbacks()).isEqualTo(2);
                assertThat(loop.iteration()).isEqualTo(4);
                assertThat(detectorParam.getArray().toFloatArray()).containsOnly(2f);
                assertThat(generatorParam.getArray().toFloatArray()).containsOnly(2f);
                assertThat(log).hasSize(2).allMatch(l -> l.contains("rolled back to the checkpoint of iteration 2"));
                assertThat(log.get(0)).contains("diverged at iteration 3", "the loss is NaN");

                assertThatThrownBy(() -> loop.run(6)).isInstanceOf(ScdaException.class)
                        .hasMessageContaining("diverged at iteration 5")
                        .hasMessageContaining("rolled back 2 times already (divergence.maxRollbacks 2)")
                        .hasMessageContaining("the last healthy checkpoint is of iteration 2");
                assertThat(loop.skippedSteps()).isEqualTo(3);
            }
        }
    }
}
