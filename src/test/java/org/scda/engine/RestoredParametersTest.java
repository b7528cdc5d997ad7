package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.config.TrainConfig;
import org.scda.data.DetectionDataset;
import org.scda.data.transform.ImageTransform;
import org.scda.model.FasterRcnn;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyScenes;

/**
 * After a checkpoint is restored into a running loop (a divergence rollback), the loop's
 * forward passes use the restored weights: DJL's ParameterStore keeps the arrays it first
 * handed out, and loading a checkpoint puts new arrays into the parameters, so a store made
 * before the restore would go on training the old arrays while the optimiser updates the new.
 */
@Tag("engine")
class RestoredParametersTest {

    @Test
    void aRolledBackLoopTrainsTheRestoredWeights(@TempDir Path dir) throws Exception {
        OneEngineThread.use();
        DetectionDataset data = ToyScenes.generate(dir.resolve("toy"), 2, 256, 128, 5);
        TrainConfig config = LearningCheckTest.smallConfig(10);
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), data.numClasses());
            model.initialize(manager, 128, 256);
            RunSetup.requireGradients(new ArrayList<>(model.getParameters().values()));
            TrainingLoop loop = LearningCheckTest.toyLoop(model, manager, config, data, new ImageTransform(128, 512), 1,
                    List.of());
            loop.run(2);
            DetectorCheckpoint checkpoint = new DetectorCheckpoint(dir.resolve("last.ckpt"), config,
                    data.classNames(), -1);
            checkpoint.save(loop);
            loop.run(4);

            checkpoint.restore(loop);

            Parameter first = model.getParameters().get(0).getValue();
            for (var p : model.getParameters()) {
                assertThat(loop.parameters().getValue(p.getValue(), first.getArray().getDevice(), true))
                        .as(p.getKey()).isSameAs(p.getValue().getArray());
            }
            float[] restored = first.getArray().toFloatArray();
            loop.run(5);
            assertThat(first.getArray().toFloatArray()).as("one more step moves the restored weights")
                    .isNotEqualTo(restored);
        }
    }
}
