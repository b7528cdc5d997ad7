package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.mask.PolygonRasterizer;
import org.scda.data.mask.Rle;
import org.scda.data.transform.ImageTransform;
import org.scda.eval.MaskDetection;
import org.scda.model.FasterRcnn;
import org.scda.testing.ToyScenes;

/**
 * The mask branch learns shapes, not boxes: fitted to eight toy images whose class 1 is an
 * ellipse, the pasted masks of the ellipses overlap the true ellipses better than the detected
 * boxes do (a box around an ellipse has IoU pi/4 = 0.785 with it at best). Several minutes on
 * one thread, so tagged slow: {@code mvn test -DexcludedGroups=none -Dtest=MaskLearningCheckTest}.
 */
@Tag("slow")
class MaskLearningCheckTest {
    private static final int ELLIPSE = 1;

    @Test
    void ellipseMasksBeatTheirBoxes(@TempDir Path dir) throws Exception {
        org.scda.testing.OneEngineThread.use();
        int iterations = Integer.getInteger("scda.learningCheck.iterations", 400);
        DetectionDataset data = ToyScenes.generate(dir, 8, 256, 128, 7, true);
        TrainConfig config = Configs.withOverrides(LearningCheckTest.smallConfig(iterations), Map.of("model.mask", true));
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(config.model(), data.numClasses());
            model.initialize(manager, 128, 256);
            ImageTransform transform = new ImageTransform(128, 512);
            TrainingLoop loop = LearningCheckTest.toyLoop(model, manager, config, data, transform, 1, List.of());
            loop.run(iterations);
            List<MaskDetection> masks = new DetectorRunner(model, transform, manager).detectMasks(data, 0, null);

            List<Double> maskIous = new ArrayList<>();
            List<Double> boxIous = new ArrayList<>();
            for (DetectionSample s : data.samples()) {
                for (ObjectAnnotation gt : s.objects()) {
                    if (gt.classId() != ELLIPSE) {
                        continue;
                    }
                    Rle truth = Rle.encode(PolygonRasterizer.rasterize(gt.polygons(), s.width(), s.height()),
                            s.height(), s.width());
                    MaskDetection best = masks.stream()
                            .filter(m -> m.detection().imageId() == s.id() && m.detection().classId() == ELLIPSE
                                    && m.detection().box().iou(gt.box()) >= 0.5)
                            .max((a, b) -> Double.compare(a.detection().score(), b.detection().score()))
                            .orElse(null);
                    if (best == null) {
                        continue;
                    }
                    BoundingBox b = best.detection().box();
                    Rle box = Rle.rectangle(s.height(), s.width(), (int) Math.round(b.x1()), (int) Math.round(b.y1()),
                            (int) Math.round(b.x2()), (int) Math.round(b.y2()));
                    maskIous.add(Rle.iou(best.mask(), truth));
                    boxIous.add(Rle.iou(box, truth));
                }
            }
            double maskIou = maskIous.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double boxIou = boxIous.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.printf("%d ellipses found; mean IoU with the true ellipse: mask %.3f, box %.3f%n",
                    maskIous.size(), maskIou, boxIou);
            assertThat(maskIous).hasSizeGreaterThanOrEqualTo(6);
            assertThat(maskIou).isGreaterThan(boxIou + 0.03).isGreaterThan(0.8);
        }
    }
}
