package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.config.InputConfig;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.transform.ImageTransform;
import org.scda.data.transform.StrongAugmentation;
import org.scda.testing.ToyScenes;

/** Drawing training images with and without {@code model.input.augment} (no engine needed). */
class TrainingImagesTest {
    static final ImageTransform TRANSFORM = new ImageTransform(128, 512);
    static final InputConfig NONE = new InputConfig(128, 512, true, InputConfig.AUGMENT_NONE);
    static final InputConfig STRONG = new InputConfig(128, 512, true, InputConfig.AUGMENT_STRONG);

    @Test
    void withoutAugmentationTheDrawsAreThoseOfBefore(@TempDir Path dir) throws Exception {
        DetectionDataset data = ToyScenes.generate(dir, 4, 256, 128, 5);
        TrainingImages images = TrainingImages.of(data, TRANSFORM, NONE);
        assertThat(images.augmentation()).isNull();
        Random random = new Random(42);
        Random expected = new Random(42);
        for (int i = 0; i < 6; i++) {
            TrainingImages.Example e = images.next(random);
            // an image index and a flip, nothing more: the RNG stays where it was before augmentation existed
            DetectionSample s = data.samples().get(expected.nextInt(data.size()));
            boolean mirrored = expected.nextBoolean();
            assertThat(e.sample()).isEqualTo(s);
            assertThat(e.image().flipped()).isEqualTo(mirrored);
            assertThat(e.image().pixels()).containsExactly(images.prepare(s, mirrored).image().pixels());
        }
        assertThat(random.nextLong()).isEqualTo(expected.nextLong());
    }

    @Test
    void strongAugmentationChangesPixelsOnlyAndDrawsOneSeedPerImage(@TempDir Path dir) throws Exception {
        DetectionDataset data = ToyScenes.generate(dir, 4, 256, 128, 6);
        TrainingImages strong = TrainingImages.of(data, TRANSFORM, STRONG);
        TrainingImages plain = TrainingImages.of(data, TRANSFORM, NONE);
        assertThat(strong.augmentation()).isInstanceOf(StrongAugmentation.class);
        Random random = new Random(7);
        Random expected = new Random(7);
        int changed = 0;
        for (int i = 0; i < 8; i++) {
            TrainingImages.Example e = strong.next(random);
            DetectionSample s = data.samples().get(expected.nextInt(data.size()));
            boolean mirrored = expected.nextBoolean();
            long augmentationSeed = expected.nextLong();
            assertThat(e.sample()).isEqualTo(s);
            TrainingImages.Example unaugmented = plain.prepare(s, mirrored);
            // boxes, labels and masks as without augmentation, whatever was erased
            assertThat(e.sample().objects()).isNotEmpty();
            assertThat(e.targets().boxes()).containsExactly(unaugmented.targets().boxes());
            assertThat(e.targets().labels()).containsExactly(unaugmented.targets().labels());
            assertThat(e.targets().polygons()).isEqualTo(unaugmented.targets().polygons());
            // the pixels are the augmentation's with the seed drawn for this image
            assertThat(e.image().pixels())
                    .containsExactly(strong.prepare(s, mirrored, new Random(augmentationSeed)).image().pixels());
            changed += Arrays.equals(e.image().pixels(), unaugmented.image().pixels()) ? 0 : 1;
        }
        assertThat(changed).isGreaterThanOrEqualTo(7);
        assertThat(random.nextLong()).isEqualTo(expected.nextLong());
    }

    @Test
    void oneSeedOneSequenceOfAugmentedImages(@TempDir Path dir) throws Exception {
        DetectionDataset data = ToyScenes.generate(dir, 4, 256, 128, 8);
        TrainingImages strong = TrainingImages.of(data, TRANSFORM, STRONG);
        Random a = new Random(3);
        Random b = new Random(3);
        Random c = new Random(4);
        boolean differs = false;
        for (int i = 0; i < 4; i++) {
            float[] pa = strong.next(a).image().pixels();
            assertThat(strong.next(b).image().pixels()).containsExactly(pa);
            differs |= !Arrays.equals(strong.next(c).image().pixels(), pa);
        }
        assertThat(differs).isTrue();
    }
}
