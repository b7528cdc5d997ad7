package org.scda.adapt.mining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.scda.ops.Scalars;

/**
 * How an image tensor was normalised per channel ({@code x = (v - mean) / std} for pixel values
 * v in [0, 1]). The real patches P are compared with the generators' tanh output, so the miners
 * convert their crops to the tanh range [-1, 1] ({@link #HALF}: mean 0.5, std 0.5, as the
 * authors' release) whatever the detector's normalisation; pictures use it to undo it.
 *
 * @param mean 3 channel means
 * @param std 3 channel standard deviations
 */
public record ImageNormalization(float[] mean, float[] std) {

    /** Mean 0.5, std 0.5: values in [-1, 1], the range of the generators' tanh. */
    public static final ImageNormalization HALF =
            new ImageNormalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

    /** ImageNet statistics, as the detector's image transform uses. */
    public static final ImageNormalization IMAGENET =
            new ImageNormalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    public ImageNormalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 channels");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The 0..255 value of a normalised value in a channel, clamped. */
    public int toByte(int channel, float normalised) {
        float v = normalised * std[channel] + mean[channel];
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    /**
     * Re-expresses images normalised by this normalisation in {@link #HALF}'s range [-1, 1]
     * ({@code 2 * (x * std + mean) - 1}); returns the input itself when this is {@link #HALF}.
     *
     * @param images {@code (N, 3, H, W)}
     * @return {@code (N, 3, H, W)}
     */
    public NDArray toTanhRange(NDArray images) {
        if (equals(HALF)) {
            return images;
        }
        Shape perChannel = new Shape(1, 3, 1, 1);
        NDArray s = Scalars.mul(images.getManager().create(std, perChannel), 2);
        NDArray m = Scalars.mul(images.getManager().create(mean, perChannel), 2).sub(1);
        return images.mul(s).add(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageNormalization other && Arrays.equals(mean, other.mean)
                && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ImageNormalization(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
