package org.scda.model.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.data.BoundingBox;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;
import org.scda.model.ImageTargets;
import org.scda.model.roi.ImageDetections;
import org.scda.testing.OneEngineThread;

/** The mask branch wired into the detector: its loss, its gradient path and its inference output. */
@Tag("engine")
class MaskRcnnTest {

    @BeforeAll
    static void oneThread() {
        OneEngineThread.use();
    }

    static TrainConfig maskConfig() {
        return Configs.withOverrides(TrainConfig.defaults(), Map.of("model.mask", true));
    }

    private static ImageTargets twoInstances() {
        // a box-shaped instance and a triangle, input pixels
        BoundingBox a = new BoundingBox(10, 20, 50, 60);
        return new ImageTargets(new float[] {10, 20, 50, 60, 100, 30, 140, 110}, new int[] {1, 3},
                List.of(MaskTargets.boxAsPolygon(a),
                        List.of(new org.scda.data.Polygon(new double[] {100, 110, 120, 30, 140, 110}))));
    }

    @Test
    void maskLossReachesTheMaskHeadAndTheBackboneButNotTheBoxPredictor() {
        Engine.getInstance().setRandomSeed(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(maskConfig().model(), 4);
            model.initialize(manager, 128, 256);
            assertThat(model.hasMasks()).isTrue();
            ParameterStore ps = new ParameterStore(manager, false);
            try (NDManager scope = manager.newSubManager();
                 GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray image = scope.randomNormal(new Shape(1, 3, 128, 256));
                FasterRcnnOutput out = model.forward(ps, image, twoInstances(), true, new Random(0));
                assertThat(out.losses().keySet())
                        .containsExactly("rpn.objectness", "rpn.box_reg", "roi.classifier", "roi.box_reg", "roi.mask");
                float maskLoss = out.losses().get("roi.mask").getFloat();
                // BCE of an untrained head: finite, positive, near log 2 for logits near 0
                assertThat(maskLoss).isFinite().isGreaterThan(0.05f).isLessThan(5f);
                assertThat(out.totalLoss().getFloat()).isGreaterThan(maskLoss);

                gc.backward(out.losses().get("roi.mask"));
                assertThat(gradientNorm(model, "mask_head")).isGreaterThan(0f);
                assertThat(gradientNorm(model, "backbone")).isGreaterThan(0f);
                assertThat(gradientNorm(model, "box_predictor")).isEqualTo(0f);
            }
        }
    }

    @Test
    void inferenceGivesMaskProbabilitiesPerDetection() {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainConfig cfg = Configs.withOverrides(maskConfig(), Map.of("model.roi.scoreThreshold", 0.0));
            FasterRcnn model = FasterRcnn.create(cfg.model(), 4);
            model.initialize(manager, 128, 256);
            ParameterStore ps = new ParameterStore(manager, false);
            try (NDManager scope = manager.newSubManager()) {
                NDArray image = scope.randomNormal(new Shape(1, 3, 128, 256));
                ImageDetections d = model.forward(ps, image, null, false, new Random(0)).detections();
                assertThat(d.size()).isGreaterThan(0);
                assertThat(d.hasMasks()).isTrue();
                assertThat(d.maskSize()).isEqualTo(MaskHead.OUTPUT_SIZE);
                assertThat(d.masks()).hasSize(d.size() * 28 * 28);
                for (float p : d.masks()) {
                    assertThat(p).isBetween(0f, 1f);
                }
                // masks are box-relative: rescaling the boxes keeps them
                assertThat(d.rescaled(0.5).masks()).isEqualTo(d.masks());
            }
        }
    }

    @Test
    void boxOnlyDetectorHasNoMaskOutputAndRefusesNothing() {
        Engine.getInstance().setRandomSeed(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(TrainConfig.defaults().model(), 4);
            model.initialize(manager, 128, 256);
            assertThat(model.hasMasks()).isFalse();
            assertThat(model.getChildren().keys()).noneMatch(k -> k.contains("mask_head"));
            ParameterStore ps = new ParameterStore(manager, false);
            try (NDManager scope = manager.newSubManager()) {
                NDArray image = scope.randomNormal(new Shape(1, 3, 128, 256));
                ImageTargets boxesOnly = new ImageTargets(new float[] {10, 20, 50, 60}, new int[] {1});
                assertThat(model.forward(ps, image, boxesOnly, true, new Random(0)).losses()).doesNotContainKey("roi.mask");
                assertThat(model.forward(ps, image, null, false, new Random(0)).detections().hasMasks()).isFalse();
            }
        }
    }

    @Test
    void maskDetectorRefusesTargetsWithoutPolygons() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(maskConfig().model(), 4);
            model.initialize(manager, 128, 256);
            ParameterStore ps = new ParameterStore(manager, false);
            try (NDManager scope = manager.newSubManager()) {
                NDArray image = scope.randomNormal(new Shape(1, 3, 128, 256));
                ImageTargets boxesOnly = new ImageTargets(new float[] {10, 20, 50, 60}, new int[] {1});
                assertThatThrownBy(() -> model.forward(ps, image, boxesOnly, true, new Random(0)))
                        .hasMessageContaining("polygons");
            }
        }
    }

    private static float gradientNorm(FasterRcnn model, String child) {
        float sum = 0;
        for (var pair : model.getParameters()) {
            if (!pair.getKey().replaceFirst("^[0-9]+", "").startsWith(child + "_")) {
                continue;
            }
            Parameter p = pair.getValue();
            if (!p.getArray().hasGradient()) {
                continue; // BatchNorm running statistics
            }
            try (NDArray g = p.getArray().getGradient()) {
                sum += g.abs().sum().getFloat();
            }
        }
        return sum;
    }
}
