package org.scda.adapt.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.core.UnlabelledImages;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.data.Datasets;
import org.scda.data.transform.ImageTransform;
import org.scda.data.transform.StrongAugmentation;
import org.scda.engine.RunSetup;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;
import org.scda.model.ImageTargets;
import org.scda.testing.EngineTestBase;
import org.scda.testing.ToyCoco;
import org.scda.testing.ToyScenes;

/**
 * The parts of a mean-teacher iteration: the student's loss on pseudo-labels reaches RPN
 * objectness and RoI classification only (no box regression), scaled by its weight; the two
 * views of a target image are the same image and flip, the student's with the strong
 * augmentation, and are drawn reproducibly from the loop's generator.
 */
@Tag("engine")
class TeacherStepTest extends EngineTestBase {
    @TempDir
    Path dir;

    private FasterRcnn student() {
        TrainConfig config = Configs.parseYaml("model: {backboneWidth: 8, roi: {headDim: 32, batchSizePerImage: 32}}\n");
        Engine.getInstance().setRandomSeed(7);
        FasterRcnn model = FasterRcnn.create(config.model(), 2);
        model.initialize(manager, 128, 256);
        RunSetup.requireGradients(new ArrayList<>(model.getParameters().values()));
        return model;
    }

    /** The parameter's gradient norm after a backward of {@code loss} alone (gradients zeroed first). */
    private static double gradientNorm(FasterRcnn model, String suffix) {
        double sum = 0;
        int found = 0;
        for (var p : model.getParameters()) {
            if (p.getKey().endsWith(suffix)) {
                found++;
                float[] g = p.getValue().getArray().getGradient().toFloatArray();
                for (float v : g) {
                    sum += (double) v * v;
                }
            }
        }
        assertThat(found).as(suffix).isPositive();
        return Math.sqrt(sum);
    }

    @Test
    void pseudoLabelsTrainObjectnessAndClassificationButNoBoxRegression() {
        FasterRcnn model = student();
        NDArray image = manager.randomUniform(-1f, 1f, new ai.djl.ndarray.types.Shape(1, 3, 128, 256));
        ImageTargets pseudo = new ImageTargets(new float[] {20, 20, 80, 90, 120, 30, 200, 100}, new int[] {1, 2});
        float loss;
        float both;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            FasterRcnnOutput out = model.forward(new ParameterStore(manager, false), image, pseudo, true, new Random(1));
            NDArray term = TeacherStep.unsupervisedLoss(out.losses(), 0.5f);
            loss = term.getFloat();
            both = out.losses().get("rpn.objectness").getFloat() + out.losses().get("roi.classifier").getFloat();
            assertThat(out.losses().get("roi.box_reg").getFloat()).as("the pseudo-boxes have a regression loss"
                    + " that the term leaves out").isPositive();
            gc.backward(term);
        }
        assertThat(loss).isCloseTo(0.5f * both, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(gradientNorm(model, "cls_score_weight")).isPositive();
        assertThat(gradientNorm(model, "objectness_weight")).isPositive();
        assertThat(gradientNorm(model, "bbox_pred_weight")).isZero();
        assertThat(gradientNorm(model, "deltas_weight")).isZero();
    }

    @Test
    void theTwoViewsAreOneImageAndFlipTheStudentsStronglyAugmentedAndReproducible() throws Exception {
        String spec = ToyCoco.coco(dir, "target", ToyScenes.generate(dir.resolve("t"), 3, 256, 128, 2), false);
        UnlabelledImages images = new UnlabelledImages(Datasets.load(spec), new ImageTransform(128, 256), true);
        StrongAugmentation strong = StrongAugmentation.standard();

        List<UnlabelledImages.Views> a = new ArrayList<>();
        List<UnlabelledImages.Views> b = new ArrayList<>();
        Random ra = new Random(11);
        Random rb = new Random(11);
        for (int i = 0; i < 6; i++) {
            a.add(images.nextViews(ra, strong));
            b.add(images.nextViews(rb, strong));
        }
        // the weak view is what the plain draw gives: same image, same flip, no augmentation
        Random plain = new Random(11);
        int differing = 0;
        for (int i = 0; i < a.size(); i++) {
            UnlabelledImages.Views v = a.get(i);
            assertThat(v.weak().pixels()).isEqualTo(b.get(i).weak().pixels());
            assertThat(v.strong().pixels()).isEqualTo(b.get(i).strong().pixels());
            assertThat(v.weak().flipped()).isEqualTo(v.strong().flipped());
            assertThat(v.weak().pixels()).isEqualTo(images.next(plain).pixels());
            plain.nextLong(); // the augmentation's seed
            if (!java.util.Arrays.equals(v.weak().pixels(), v.strong().pixels())) {
                differing++;
            }
        }
        assertThat(differing).as("the strong augmentation changes most views").isGreaterThanOrEqualTo(4);
        UnlabelledImages.Views other = images.nextViews(new Random(12), strong);
        assertThat(other.strong().pixels()).isNotEqualTo(a.get(0).strong().pixels());
    }
}
