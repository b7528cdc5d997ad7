package org.scda.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.config.TrainConfig;

/** Shapes and named outputs of the detector, and the gradient path from RoI features to the backbone. */
@Tag("engine")
class FasterRcnnTest {

    @Test
    void exposesNamedOutputsWithDocumentedShapes() {
        TrainConfig cfg = TrainConfig.defaults();
        Engine.getInstance().setRandomSeed(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn model = FasterRcnn.create(cfg.model(), 4);
            model.initialize(manager, 128, 256);
            ParameterStore ps = new ParameterStore(manager, false);
            ImageTargets targets = new ImageTargets(new float[] {10, 20, 50, 60, 100, 30, 140, 110}, new int[] {1, 3});
            try (NDManager scope = manager.newSubManager();
                 GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray image = scope.randomNormal(new Shape(1, 3, 128, 256));
                FasterRcnnOutput out = model.forward(ps, image, targets, true, new Random(0));
                assertThat(out.features().getShape()).isEqualTo(new Shape(1, model.backbone().outChannels(), 16, 32));
                assertThat(out.losses().keySet()).containsExactly("rpn.objectness", "rpn.box_reg", "roi.classifier", "roi.box_reg");
                int r = out.roi().numRois();
                assertThat(r).isLessThanOrEqualTo(cfg.model().roi().batchSizePerImage()).isGreaterThanOrEqualTo(2);
                assertThat(out.roiFeatures().getShape()).isEqualTo(new Shape(r, cfg.model().roi().headDim()));
                assertThat(out.roi().classLogits().getShape()).isEqualTo(new Shape(r, 5));
                assertThat(out.roi().boxDeltas().getShape()).isEqualTo(new Shape(r, 20));
                assertThat(out.roi().roiLabels()).hasSize(r);
                assertThat(out.roi().roiObjectness()).hasSize(r);
                assertThat(out.proposals().size()).isGreaterThan(0).isLessThanOrEqualTo(cfg.model().rpn().postNmsTopNTrain());
                assertThat(out.image()).isSameAs(image);

                // A loss on the region features alone reaches the backbone's first layer.
                gc.backward(out.roiFeatures().square().mean());
                Parameter first = model.backbone().block().getParameters().get(0).getValue();
                NDArray grad = first.getArray().getGradient();
                assertThat(grad.abs().sum().getFloat()).isGreaterThan(0f);
                grad.close();
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray image = scope.randomNormal(new Shape(1, 3, 128, 256));
                FasterRcnnOutput unlabelled = model.forward(ps, image, null, true, new Random(0));
                assertThat(unlabelled.losses()).isEmpty();
                assertThat(unlabelled.roi().numRois()).isEqualTo(unlabelled.proposals().size());
                FasterRcnnOutput inference = model.forward(ps, image, null, false, new Random(0));
                assertThat(inference.detections()).isNotNull();
                assertThat(inference.detections().size()).isLessThanOrEqualTo(cfg.model().roi().detectionsPerImage());
            }
        }
    }
}
