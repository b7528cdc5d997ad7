package org.scda.viz;

/**
 * How an image tensor was normalised per channel ({@code x = (v - mean) / std} for v in
 * [0, 1]), so pictures can undo it.
 *
 * @param mean 3 channel means
 * @param std 3 channel standard deviations
 */
public record ImageNormalization(float[] mean, float[] std) {

    /** Mean 0.5, std 0.5: values in [-1, 1], the range of the generators' tanh (the release). */
    public static final ImageNormalization HALF =
            new ImageNormalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

    public ImageNormalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 channels");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The 0..255 value of a normalised value in a channel, clamped. */
    public int toByte(int channel, float normalised) {
        float v = normalised * std[channel] + mean[channel];
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
