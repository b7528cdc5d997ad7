package org.scda.data.transform;

import java.util.Random;

/**
 * Gaussian blur with a standard deviation drawn uniformly from {@code [sigmaMin, sigmaMax]}
 * pixels (one draw), as SimCLR, MoCo and the teacher recipes use it ({@code GaussianBlur([0.1,
 * 2.0])}, PIL's radius being the standard deviation). The kernel is sampled out to {@code
 * ceil(3 sigma)} pixels each side, normalised, and applied row-wise then column-wise; at the
 * borders the image is mirrored with its edge pixel repeated ({@code dcba|abcd|dcba}), which
 * keeps every channel's mean (a constant image stays constant) and, each output being a weighted
 * mean of inputs, keeps values inside the image's own range (both up to float rounding).
 */
public final class GaussianBlur implements PhotometricTransform {
    private final double sigmaMin;
    private final double sigmaMax;

    /**
     * @param sigmaMin smallest standard deviation, pixels, > 0
     * @param sigmaMax largest standard deviation, pixels, >= sigmaMin
     */
    public GaussianBlur(double sigmaMin, double sigmaMax) {
        if (!(sigmaMin > 0 && sigmaMax >= sigmaMin && Double.isFinite(sigmaMax))) {
            throw new IllegalArgumentException("need 0 < sigmaMin <= sigmaMax, got " + sigmaMin + ", " + sigmaMax);
        }
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
    }

    @Override
    public void apply(RgbPlanes image, Random random) {
        blur(image, sigmaMin + (sigmaMax - sigmaMin) * random.nextDouble());
    }

    /** Blurs {@code image} in place with standard deviation {@code sigma} pixels. */
    public static void blur(RgbPlanes image, double sigma) {
        float[] kernel = kernel(sigma);
        int radius = kernel.length / 2;
        int w = image.width();
        int h = image.height();
        float[] v = image.values();
        float[] line = new float[Math.max(w, h) + 2 * radius];
        for (int c = 0; c < 3; c++) {
            int base = c * w * h;
            for (int y = 0; y < h; y++) {
                int row = base + y * w;
                for (int i = -radius; i < w + radius; i++) {
                    line[i + radius] = v[row + mirror(i, w)];
                }
                for (int x = 0; x < w; x++) {
                    v[row + x] = dot(kernel, line, x);
                }
            }
            for (int x = 0; x < w; x++) {
                for (int i = -radius; i < h + radius; i++) {
                    line[i + radius] = v[base + mirror(i, h) * w + x];
                }
                for (int y = 0; y < h; y++) {
                    v[base + y * w + x] = dot(kernel, line, y);
                }
            }
        }
    }

    /** The normalised kernel, {@code 2 ceil(3 sigma) + 1} taps. */
    static float[] kernel(double sigma) {
        if (!(sigma > 0 && Double.isFinite(sigma))) {
            throw new IllegalArgumentException("sigma must be a finite number > 0, got " + sigma);
        }
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] weights = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = Math.exp(-(double) i * i / (2 * sigma * sigma));
            sum += weights[i + radius];
        }
        float[] kernel = new float[weights.length];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) (weights[i] / sum);
        }
        return kernel;
    }

    /**
     * The index that position {@code i} of a line of {@code n} pixels reads when the line is
     * mirrored with its edge pixels repeated (period {@code 2n}; any {@code i}, so a kernel wider
     * than the image still sees only the image).
     */
    static int mirror(int i, int n) {
        int m = Math.floorMod(i, 2 * n);
        return m < n ? m : 2 * n - 1 - m;
    }

    private static float dot(float[] kernel, float[] line, int start) {
        float sum = 0;
        for (int k = 0; k < kernel.length; k++) {
            sum += kernel[k] * line[start + k];
        }
        return sum;
    }

    @Override
    public String toString() {
        return "GaussianBlur(sigma " + sigmaMin + "-" + sigmaMax + ")";
    }
}
