package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.api.Detector;
import org.scda.config.TrainConfig;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.transform.ImageTransform;
import org.scda.model.FasterRcnn;
import org.scda.testing.ToyScenes;
import org.scda.util.ScdaException;

@Tag("engine")
class CheckpointsTest {

    @Test
    void roundTripGivesTheSameDetectionsAndState(@TempDir Path dir) throws Exception {
        org.scda.testing.OneEngineThread.use();
        DetectionDataset data = ToyScenes.generate(dir.resolve("img"), 2, 256, 128, 3);
        TrainConfig config = LearningCheckTest.smallConfig(5);
        Engine.getInstance().setRandomSeed(5);
        Path file = dir.resolve("run").resolve(Checkpoints.LAST);
        List<Detection> before;
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), data.numClasses());
            model.initialize(manager, 128, 256);
            ImageTransform transform = new ImageTransform(128, 512);
            Random random = new Random(9);
            TrainingLoop loop = new TrainingLoop(model, manager,
                    Optimizers.create(config.solver(), model.getParameters().values(), manager),
                    LrSchedule.of(config.solver()), new TrainingImages(data, transform, true), random, List.of());
            loop.run(5);
            Hooks.saveCheckpoint(file, loop, config, data.classNames(), Map.of("source_val.mAP", 0.25));
            // the optimiser state is encoded straight into the file (issue 17): the same bytes as its array
            Checkpoint meta = Checkpoints.readMeta(file);
            Path viaArray = dir.resolve("via-array.ckpt");
            Checkpoints.save(viaArray, new Checkpoint(meta.config(), meta.classNames(), meta.iteration(),
                    meta.rngState(), meta.optimizer(), loop.optimizer().state().encode(), meta.metrics(), meta.run()),
                    model);
            assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(java.nio.file.Files.readAllBytes(viaArray));
            before = new DetectorRunner(model, transform, manager).detect(data.samples().get(0));
            Random restored = Checkpoints.restoreRng(Checkpoints.rngState(random));
            assertThat(restored.nextLong()).isEqualTo(random.nextLong());
            NDList state = loop.optimizer().state();
            try (NDManager other = NDManager.newBaseManager()) {
                Checkpoints.Loaded loaded = Checkpoints.load(file, other);
                assertThat(loaded.checkpoint().iteration()).isEqualTo(5);
                assertThat(loaded.checkpoint().config()).isEqualTo(config);
                assertThat(loaded.checkpoint().classNames()).isEqualTo(data.classNames());
                assertThat(loaded.checkpoint().metrics()).containsEntry("source_val.mAP", 0.25);
                NDList savedState = NDList.decode(other, loaded.checkpoint().optimizerState());
                assertThat(savedState.size()).isEqualTo(state.size());
                for (int i = 0; i < state.size(); i++) {
                    assertThat(savedState.get(i).toFloatArray()).containsExactly(state.get(i).toFloatArray());
                }
                List<Detection> after = new DetectorRunner(loaded.model(), transform, other).detect(data.samples().get(0));
                assertThat(after).isEqualTo(before);
            }
        }
        try (Detector detector = Detector.load(file.getParent())) {
            BufferedImage img = DetectorRunner.readImage(data.samples().get(0).image());
            List<Detection> viaApi = detector.detect(img);
            assertThat(viaApi).hasSameSizeAs(before);
            for (int i = 0; i < before.size(); i++) {
                assertThat(viaApi.get(i).box()).isEqualTo(before.get(i).box());
                assertThat(viaApi.get(i).score()).isEqualTo(before.get(i).score());
            }
            assertThat(detector.classNames()).isEqualTo(data.classNames());
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(Checkpoints.LAST);
        }
    }

    @Test
    void rejectsWhatIsNotACheckpoint(@TempDir Path dir) throws Exception {
        Path bogus = dir.resolve("x.ckpt");
        Files.writeString(bogus, "hello");
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Checkpoints.load(bogus, manager))
                    .isInstanceOf(ScdaException.class).hasMessageContaining("not an scda checkpoint");
        }
        assertThatThrownBy(() -> Checkpoints.resolve(dir)).isInstanceOf(ScdaException.class)
                .hasMessageContaining("holds no checkpoint");
    }
}
