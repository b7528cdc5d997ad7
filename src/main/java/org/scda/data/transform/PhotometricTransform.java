package org.scda.data.transform;

import java.util.Random;

/**
 * A random change of an image's pixel values that moves no pixel: boxes, masks and labels stay
 * as they are, so a training image's targets need no update (random erasing included: an
 * object under an erased patch keeps its box, as in the recipes these transforms follow).
 * Every random choice is drawn from the {@link Random} given, so that one seed fixes the output.
 */
@FunctionalInterface
public interface PhotometricTransform {

    /** Changes {@code image} in place, drawing every random choice from {@code random}. */
    void apply(RgbPlanes image, Random random);
}
