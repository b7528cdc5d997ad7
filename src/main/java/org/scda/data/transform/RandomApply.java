package org.scda.data.transform;

import java.util.Random;

/**
 * Applies a transform with a probability (torchvision's {@code RandomApply}): one draw from the
 * {@link Random} decides, then the transform draws what it needs.
 *
 * @param transform   what is applied
 * @param probability chance of applying it, in [0, 1]
 */
public record RandomApply(PhotometricTransform transform, double probability) implements PhotometricTransform {

    public RandomApply {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
    }

    @Override
    public void apply(RgbPlanes image, Random random) {
        if (random.nextDouble() < probability) {
            transform.apply(image, random);
        }
    }
}
