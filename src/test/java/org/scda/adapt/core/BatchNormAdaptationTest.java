package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.data.transform.ImageTransform;
import org.scda.data.transform.PreparedImage;
import org.scda.model.FasterRcnn;
import org.scda.testing.EngineTestBase;

@Tag("engine")
class BatchNormAdaptationTest extends EngineTestBase {

    private FasterRcnn model(String backbone) {
        TrainConfig config = Configs.parseYaml("model: {backbone: " + backbone + ", backboneWidth: 8, roi: {headDim: 32}}\n");
        Engine.getInstance().setRandomSeed(3);
        FasterRcnn model = FasterRcnn.create(config.model(), 2);
        model.initialize(manager, 64, 128);
        return model;
    }

    /** A random 128x64 image, brighter and lower-contrast than the initial statistics expect (like fog). */
    private static PreparedImage foggy(long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 128; x++) {
                int v = 170 + r.nextInt(60);
                img.setRGB(x, y, (v << 16) | ((v - 10) << 8) | (v + 20));
            }
        }
        return new ImageTransform(64, 128).apply(img);
    }

    private float[] backbone(FasterRcnn model, PreparedImage image, boolean training) {
        try (NDArray out = model.backbone().block()
                .forward(new ParameterStore(manager, false), new NDList(image.toNDArray(manager)), training)
                .singletonOrThrow()) {
            return out.toFloatArray();
        }
    }

    private static double relativeMaxDiff(float[] a, float[] b) {
        double diff = 0;
        double scale = 1e-12;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / scale;
    }

    private static List<float[]> runningMeans(FasterRcnn model) {
        List<float[]> out = new ArrayList<>();
        for (BatchNorm bn : BatchNormAdaptation.layers(model)) {
            out.add(bn.getParameters().get("runningMean").getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void afterAdaptingToOneImageInferenceOnItNormalisesAsTrainingDoes() {
        FasterRcnn model = model("small");
        PreparedImage image = foggy(1);
        float[] training = backbone(model, image, true); // also moves the running statistics: reset below
        BatchNormAdaptation.Result r = BatchNormAdaptation.adapt(model, manager, List.of(image), null);
        assertThat(r.layers()).isEqualTo(BatchNormAdaptation.layers(model).size()).isPositive();
        assertThat(r.images()).isEqualTo(1);
        // inference uses the running statistics, now this image's: the same output up to the
        // unbiased-variance factor n / (n - 1) the running update uses
        assertThat(relativeMaxDiff(backbone(model, image, false), training)).isLessThan(0.02);

        FasterRcnn fresh = model("small");
        assertThat(relativeMaxDiff(backbone(fresh, image, false), training)).as("without AdaBN").isGreaterThan(0.2);
    }

    @Test
    void theStatisticsOfSeveralImagesAreTheirAverage() {
        PreparedImage a = foggy(1);
        PreparedImage b = foggy(2);
        FasterRcnn model = model("small");
        BatchNormAdaptation.adapt(model, manager, List.of(a), null);
        List<float[]> onlyA = runningMeans(model);
        BatchNormAdaptation.adapt(model, manager, List.of(b), null);
        List<float[]> onlyB = runningMeans(model);
        int[] seen = new int[1];
        BatchNormAdaptation.Result both = BatchNormAdaptation.adapt(model, manager, List.of(a, b), () -> seen[0]++);
        assertThat(both.images()).isEqualTo(2);
        assertThat(seen[0]).isEqualTo(2);
        List<float[]> averaged = runningMeans(model);
        boolean differ = false;
        for (int l = 0; l < averaged.size(); l++) {
            for (int c = 0; c < averaged.get(l).length; c++) {
                float expected = (onlyA.get(l)[c] + onlyB.get(l)[c]) / 2;
                assertThat(averaged.get(l)[c]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4f + 1e-4f * Math.abs(expected)));
                differ |= Math.abs(onlyA.get(l)[c] - onlyB.get(l)[c]) > 1e-3;
            }
        }
        assertThat(differ).as("the two images have different statistics").isTrue();
    }

    @Test
    void aBackboneWithoutBatchNormOrNoImagesIsRefused() {
        assertThatThrownBy(() -> BatchNormAdaptation.adapt(model("small-nobn"), manager, List.of(foggy(1)), null))
                .hasMessageContaining("small-nobn backbone has no BatchNorm layer");
        assertThatThrownBy(() -> BatchNormAdaptation.adapt(model("small"), manager, List.of(), null))
                .hasMessageContaining("no target images");
    }

    private static List<float[]> runningVariances(FasterRcnn model) {
        List<float[]> out = new ArrayList<>();
        for (BatchNorm bn : BatchNormAdaptation.layers(model)) {
            out.add(bn.getParameters().get("runningVar").getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void blendingMovesTheStatisticsTowardsTheImagesByOneMinusKeep() {
        FasterRcnn model = model("small");
        PreparedImage image = foggy(5);
        List<float[]> before = runningMeans(model);
        List<float[]> beforeVar = runningVariances(model);
        // the image's own statistics, as AdaBN over that one image takes them
        FasterRcnn reference = model("small");
        BatchNormAdaptation.adapt(reference, manager, List.of(image), null);
        List<float[]> image1 = runningMeans(reference);
        List<float[]> image1Var = runningVariances(reference);

        assertThat(BatchNormAdaptation.blend(model, manager, image.toNDArray(manager), 0.75f))
                .isEqualTo(before.size()).isPositive();

        List<float[]> after = runningMeans(model);
        List<float[]> afterVar = runningVariances(model);
        for (int l = 0; l < after.size(); l++) {
            for (int c = 0; c < after.get(l).length; c++) {
                assertThat(after.get(l)[c]).isCloseTo(0.75f * before.get(l)[c] + 0.25f * image1.get(l)[c],
                        org.assertj.core.api.Assertions.within(1e-4f));
                assertThat(afterVar.get(l)[c]).isCloseTo(0.75f * beforeVar.get(l)[c] + 0.25f * image1Var.get(l)[c],
                        org.assertj.core.api.Assertions.within(1e-4f * Math.max(1, image1Var.get(l)[c])));
            }
        }
        assertThat(image1.get(0)).as("the image's statistics differ from the initial ones")
                .isNotEqualTo(before.get(0));
    }

    @Test
    void blendingWithKeepOneChangesNothingAndABackboneWithoutBatchNormIsLeftAlone() {
        FasterRcnn model = model("small");
        List<float[]> before = runningMeans(model);
        BatchNormAdaptation.blend(model, manager, foggy(6).toNDArray(manager), 1f);
        assertThat(runningMeans(model)).usingElementComparator((a, b) -> java.util.Arrays.equals(a, b) ? 0 : 1)
                .containsExactlyElementsOf(before);
        assertThat(BatchNormAdaptation.blend(model("small-nobn"), manager, foggy(6).toNDArray(manager), 0.5f)).isZero();
        assertThatThrownBy(() -> BatchNormAdaptation.blend(model, manager, foggy(6).toNDArray(manager), 1.5f))
                .hasMessageContaining("keep must be in [0, 1]");
    }
}
