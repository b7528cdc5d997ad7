package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.data.transform.ImageTransform;
import org.scda.eval.EvaluationResult;
import org.scda.eval.MaskDetection;
import org.scda.eval.MaskVocEvaluator;
import org.scda.eval.Metric;
import org.scda.model.FasterRcnn;
import org.scda.model.ImageTargets;
import org.scda.testing.ToyScenes;
import org.scda.util.ScdaException;

/** Mask R-CNN end to end on a tiny synthetic set: targets, a few training steps, masks at inference. */
class MaskTrainingTest {

    @Test
    void polygonsFollowResizeAndFlipAndMissingOnesFallBackToTheBox(@TempDir Path dir) throws Exception {
        DetectionDataset data = ToyScenes.generate(dir, 2, 200, 100, 11, true);
        DetectionSample s = data.samples().get(0);
        // the same image with its first object's polygons dropped
        List<ObjectAnnotation> objects = new ArrayList<>(s.objects());
        ObjectAnnotation first = objects.get(0);
        objects.set(0, new ObjectAnnotation(first.box(), first.classId(), false));
        DetectionSample partial = new DetectionSample(s.id(), s.image(), s.width(), s.height(), objects);
        TrainingImages images = new TrainingImages(data, new ImageTransform(128, 512), true);
        for (DetectionSample sample : List.of(s, partial)) {
            for (boolean mirrored : new boolean[] {false, true}) {
                TrainingImages.Example e = images.prepare(sample, mirrored);
                ImageTargets t = e.targets();
                assertThat(t.hasMasks()).isTrue();
                assertThat(t.polygons()).hasSize(sample.objects().size());
                for (int i = 0; i < t.size(); i++) {
                    // toy outlines touch their box on all four sides, so in the input frame the
                    // polygons' extent is the transformed box
                    BoundingBox extent = t.polygons().get(i).get(0).bounds();
                    float[] b = t.boxes();
                    assertThat(extent.x1()).isCloseTo(b[4 * i], within(0.01));
                    assertThat(extent.y1()).isCloseTo(b[4 * i + 1], within(0.01));
                    assertThat(extent.x2()).isCloseTo(b[4 * i + 2], within(0.01));
                    assertThat(extent.y2()).isCloseTo(b[4 * i + 3], within(0.01));
                }
            }
        }
        // the object without polygons trains on its box: a 4-corner rectangle
        Polygon fallback = images.prepare(partial, true).targets().polygons().get(0).get(0);
        assertThat(fallback.size()).isEqualTo(4);
        assertThat(fallback.area()).isCloseTo(fallback.bounds().width() * fallback.bounds().height(), within(1e-6));
    }

    @Test
    void maskDetectionsArePastedAtTheStoredImageSize() {
        // one detection of class 2 (dataset class 1) with an all-ones 4x4 map over x 10..30, y 4..12
        float[] ones = new float[16];
        java.util.Arrays.fill(ones, 1f);
        org.scda.model.roi.ImageDetections d = new org.scda.model.roi.ImageDetections(new float[] {10, 4, 30, 12},
                new float[] {0.9f}, new int[] {2}, ones, 4);
        List<MaskDetection> m = DetectorRunner.toMaskDetections(d, 7, 20, 40);
        assertThat(m).hasSize(1);
        assertThat(m.get(0).detection().imageId()).isEqualTo(7);
        assertThat(m.get(0).detection().classId()).isEqualTo(1);
        assertThat(m.get(0).mask().height()).isEqualTo(20);
        assertThat(m.get(0).mask().width()).isEqualTo(40);
        // pixel centres inside the box: columns 10..29, rows 4..11, less the four corners, where
        // the bilinear fall-off towards the 0 outside the map gives 0.6 x 0.75 = 0.45 < 0.5
        // (cells of 5 x 2 pixels: the corner centre sits 0.1 and 0.25 cells outside the first cell centre)
        assertThat(m.get(0).mask().area()).isEqualTo(20 * 8 - 4);
        boolean[] pixels = m.get(0).mask().decode();
        assertThat(pixels[4 * 40 + 10]).isFalse();
        assertThat(pixels[4 * 40 + 11]).isTrue();
        assertThat(pixels[5 * 40 + 10]).isTrue();
        assertThat(pixels[3 * 40 + 15]).isFalse();
        org.scda.model.roi.ImageDetections boxesOnly = new org.scda.model.roi.ImageDetections(new float[] {10, 4, 30, 12},
                new float[] {0.9f}, new int[] {2});
        assertThatThrownBy(() -> DetectorRunner.toMaskDetections(boxesOnly, 7, 20, 40))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("model.mask");
    }

    @Test
    void aMaskRunRefusesADatasetWithoutPolygons(@TempDir Path dir) throws Exception {
        DetectionDataset boxesOnly = ToyScenes.generate(dir.resolve("a"), 2, 200, 100, 11, false);
        assertThatThrownBy(() -> TrainingImages.requireMasks(boxesOnly))
                .isInstanceOf(ScdaException.class).hasMessageContaining("toy").hasMessageContaining("polygons");
        TrainingImages.requireMasks(ToyScenes.generate(dir.resolve("b"), 2, 200, 100, 11, true));
    }

    @Test
    @Tag("engine")
    void trainsAFewStepsWithAFiniteMaskLossAndReturnsOneImageSizedMaskPerDetection(@TempDir Path dir)
            throws Exception {
        org.scda.testing.OneEngineThread.use();
        DetectionDataset data = ToyScenes.generate(dir, 3, 256, 128, 7, true);
        TrainConfig config = Configs.withOverrides(LearningCheckTest.smallConfig(6),
                Map.of("model.mask", true, "model.roi.scoreThreshold", 0.0));
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), data.numClasses());
            model.initialize(manager, 128, 256);
            ImageTransform transform = new ImageTransform(128, 512);
            List<Double> maskLosses = new ArrayList<>();
            TrainingLoop loop = LearningCheckTest.toyLoop(model, manager, config, data, transform, 1,
                    List.of(new TrainingLoop.Hook() {
                        @Override
                        public void afterStep(TrainingLoop l, StepResult s) {
                            maskLosses.add(s.losses().get("roi.mask"));
                        }
                    }));
            loop.run(6);
            assertThat(maskLosses).hasSize(6).allSatisfy(v -> assertThat(v).isFinite().isGreaterThan(0.0));
            assertThat(loop.skippedSteps()).isZero();

            DetectorRunner runner = new DetectorRunner(model, transform, manager);
            assertThat(runner.hasMasks()).isTrue();
            List<MaskDetection> masks = runner.detectMasks(data, 0, null);
            List<Detection> boxes = runner.detect(data, 0, null);
            assertThat(masks).hasSameSizeAs(boxes).isNotEmpty();
            for (int i = 0; i < masks.size(); i++) {
                MaskDetection m = masks.get(i);
                assertThat(m.detection()).isEqualTo(boxes.get(i));
                DetectionSample s = data.samples().stream().filter(x -> x.id() == m.detection().imageId()).findFirst()
                        .orElseThrow();
                assertThat(m.mask().height()).isEqualTo(s.height());
                assertThat(m.mask().width()).isEqualTo(s.width());
                // a pasted mask never leaves its box (plus one mask cell of interpolation)
                BoundingBox b = m.detection().box();
                boolean[] pixels = m.mask().decode();
                for (int p = 0; p < pixels.length; p++) {
                    if (pixels[p]) {
                        int x = p % s.width();
                        int y = p / s.width();
                        assertThat(x + 0.5).isBetween(b.x1() - b.width() / 28, b.x2() + b.width() / 28);
                        assertThat(y + 0.5).isBetween(b.y1() - b.height() / 28, b.y2() + b.height() / 28);
                    }
                }
            }
            EvaluationResult maskAp = MaskVocEvaluator.evaluate(data, masks, Metric.VOC07);
            assertThat(maskAp.mAP()).isBetween(0.0, 1.0);

            // a checkpoint keeps the mask head: the API gives the same masks
            Path file = dir.resolve("run").resolve(Checkpoints.LAST);
            Hooks.saveCheckpoint(file, loop, config, data.classNames(), Map.of());
            DetectionSample first = data.samples().get(0);
            java.awt.image.BufferedImage image = DetectorRunner.readImage(first.image());
            List<MaskDetection> before = runner.detectMasks(image, 0);
            try (org.scda.api.Detector detector = org.scda.api.Detector.load(file)) {
                assertThat(detector.hasMasks()).isTrue();
                assertThat(detector.detectMasks(image)).isEqualTo(before);
            }
        }
    }
}
