package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.scda.testing.OneEngineThread;
import org.scda.adapt.align.Ablations;
import org.scda.adapt.align.AlignmentConfig;
import org.scda.adapt.align.AlignmentShapes;
import org.scda.adapt.align.RegionAlignment;
import org.scda.config.TrainConfig;
import org.scda.model.FasterRcnn;
import org.scda.adapt.core.AdaptationModules;
import org.scda.adapt.core.AdaptationHooks;
import org.scda.adapt.align.AdaptationStepTest;
import org.scda.engine.LrSchedule;
import org.scda.engine.Optimizers;
import org.scda.engine.StepResult;
import org.scda.engine.TrainingLoop;
import org.scda.adapt.align.ScdaMethod;

/** Divergence handling: a persistent streak of non-finite iterations rolls back to the last good checkpoint. */
@Tag("engine")
class AdaptationHooksTest {

    private static void fill(Parameter p, float value) {
        NDArray a = p.getArray();
        float[] v = new float[(int) a.size()];
        Arrays.fill(v, value);
        a.set(v);
    }

    @Test
    void persistentSkipsRollBackDetectorAndAlignmentToTheLastGoodCheckpoint(@TempDir Path dir) {
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
                // iterations 0, 1 healthy (weights 1, 2); from 2 on the weights blow up and every step is skipped
                TrainingLoop.Step step = (loop, it) -> {
                    float value = it < 2 ? it + 1 : Float.NaN;
                    fill(detectorParam, value);
                    fill(generatorParam, value);
                    return new StepResult(it, Map.of(), it < 2 ? 1 : Double.NaN, 0.01, it >= 2, 0.001);
                };
                List<String> log = new ArrayList<>();
                AdaptationHooks.CheckpointAndRollback hook = new AdaptationHooks.CheckpointAndRollback(dir, 2, 100, 3,
                        config, List.of("a", "b"), ScdaMethod.modules(alignment), null, "config", log::add);
                TrainingLoop loop = new TrainingLoop(model, manager,
                        Optimizers.create(config.solver(), model.getParameters().values(), manager),
                        LrSchedule.of(config.solver()), null, new Random(2), List.of(hook), step);

                loop.run(4);
                assertThat(hook.rollbacks()).isZero();
                assertThat(detectorParam.getArray().toFloatArray()[0]).isNaN();

                loop.run(5);
                assertThat(hook.rollbacks()).isEqualTo(1);
                assertThat(loop.skippedSteps()).isEqualTo(3);
                assertThat(loop.iteration()).isEqualTo(5);
                assertThat(detectorParam.getArray().toFloatArray()).containsOnly(2f);
                assertThat(generatorParam.getArray().toFloatArray()).containsOnly(2f);
                assertThat(log).anyMatch(l -> l.contains("rolled back to the checkpoint of iteration 2"));
            }
        }
    }
}
