package org.scda.data.transform;

import java.util.List;
import java.util.Random;

/**
 * Transforms applied one after the other, and {@link #standard()}, the strong augmentation of
 * the mean-teacher recipes for detection (Unbiased Teacher, Adaptive Teacher, and the
 * source-only baseline of "Align and Distill"): colour jitter, grayscale, Gaussian blur and three
 * random erasings. Horizontal flip, the recipes' geometric part, is {@link ImageTransform}'s
 * (it moves the boxes); everything here is photometric, so boxes and labels are unchanged.
 */
public final class StrongAugmentation implements PhotometricTransform {
    private final List<PhotometricTransform> steps;

    /** The steps, applied in this order. */
    public StrongAugmentation(List<PhotometricTransform> steps) {
        this.steps = List.copyOf(steps);
    }

    /**
     * The recipe, in its order: {@code ColorJitter(0.4, 0.4, 0.4, 0.1)} with probability 0.8,
     * grayscale with 0.2, Gaussian blur with sigma in [0.1, 2] pixels with 0.5, then erasing with
     * probability 0.7 (area 5-20% of the image, aspect 0.3-3.3), 0.5 (2-20%, 0.1-6) and 0.3
     * (2-20%, 0.05-8).
     */
    public static StrongAugmentation standard() {
        return new StrongAugmentation(List.of(
                new RandomApply(new ColorJitter(0.4, 0.4, 0.4, 0.1), 0.8),
                new RandomApply(new Grayscale(), 0.2),
                new RandomApply(new GaussianBlur(0.1, 2.0), 0.5),
                new RandomApply(new RandomErasing(0.05, 0.2, 0.3, 3.3), 0.7),
                new RandomApply(new RandomErasing(0.02, 0.2, 0.1, 6), 0.5),
                new RandomApply(new RandomErasing(0.02, 0.2, 0.05, 8), 0.3)));
    }

    @Override
    public void apply(RgbPlanes image, Random random) {
        for (PhotometricTransform step : steps) {
            step.apply(image, random);
        }
    }

    /** The steps in the order they are applied. */
    public List<PhotometricTransform> steps() {
        return steps;
    }

    @Override
    public String toString() {
        return "StrongAugmentation" + steps;
    }
}
