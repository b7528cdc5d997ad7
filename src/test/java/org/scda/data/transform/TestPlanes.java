package org.scda.data.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Images for the photometric transform tests. */
final class TestPlanes {
    private TestPlanes() {
    }

    /** A {@code width x height} image of independent uniform values in [0, 1), from {@code seed}. */
    static RgbPlanes noise(int width, int height, long seed) {
        Random random = new Random(seed);
        float[] v = new float[3 * width * height];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat();
        }
        return new RgbPlanes(v, width, height);
    }

    /** The mean of channel {@code c}. */
    static double mean(RgbPlanes image, int c) {
        double sum = 0;
        int plane = image.planeSize();
        for (int i = c * plane; i < (c + 1) * plane; i++) {
            sum += image.values()[i];
        }
        return sum / plane;
    }

    /** The value of channel {@code c} at {@code (x, y)}. */
    static float at(RgbPlanes image, int c, int x, int y) {
        return image.values()[c * image.planeSize() + y * image.width() + x];
    }

    /** The values as a list, for assertions on each. */
    static List<Float> list(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }

    /**
     * Applies {@code transform} to three copies of {@code original}, with {@code seed}, {@code seed}
     * again and {@code otherSeed}; asserts that the same seed gives the same image and the other
     * seed another one. Returns the image of {@code seed}.
     */
    static RgbPlanes assertTheSeedDecides(PhotometricTransform transform, RgbPlanes original, long seed, long otherSeed) {
        RgbPlanes a = original.copy();
        RgbPlanes b = original.copy();
        RgbPlanes c = original.copy();
        transform.apply(a, new Random(seed));
        transform.apply(b, new Random(seed));
        transform.apply(c, new Random(otherSeed));
        org.assertj.core.api.Assertions.assertThat(a.values()).as("the same seed").containsExactly(b.values());
        org.assertj.core.api.Assertions.assertThat(java.util.Arrays.equals(a.values(), c.values()))
                .as("another seed gives another image").isFalse();
        return a;
    }
}
