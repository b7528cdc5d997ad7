package org.scda.data.transform;

import java.util.Optional;
import java.util.Random;

/**
 * Fills one random rectangle with noise (torchvision's {@code RandomErasing} without its own
 * probability: wrap it in {@link RandomApply}). The rectangle's area is a fraction of the
 * image's drawn uniformly from {@code [scaleMin, scaleMax]}, its aspect ratio (height / width)
 * log-uniformly from {@code [ratioMin, ratioMax]}, its place uniformly among those inside the
 * image; a draw that does not fit is retried, at most {@value #ATTEMPTS} times, after which
 * nothing is erased (torchvision's {@code get_params}).
 *
 * <p>The fill is independent uniform noise in [0, 1] per pixel and channel. torchvision's
 * {@code value="random"}, which the teacher recipes use, draws standard-normal values on the
 * [0, 1] image; two thirds of those fall outside the image's range, and what becomes of them
 * depends on the pipeline (the recipes convert back to an 8-bit PIL image, whose cast of
 * out-of-range values is not defined). Uniform noise in the image's range keeps what that
 * intends, a patch without information, and stays defined.
 *
 * <p>Erasing is photometric: an object under the rectangle keeps its box and label (the
 * recipes do the same; with at most a fifth of the image per rectangle, an object is rarely
 * covered whole).
 */
public final class RandomErasing implements PhotometricTransform {
    /** Draws of a rectangle before giving up (torchvision's 10). */
    public static final int ATTEMPTS = 10;
    private final double scaleMin;
    private final double scaleMax;
    private final double ratioMin;
    private final double ratioMax;

    /**
     * A rectangle of pixels.
     *
     * @param x      first column
     * @param y      first row
     * @param width  columns, >= 0
     * @param height rows, >= 0
     */
    public record Region(int x, int y, int width, int height) {

        /** Whether the pixel {@code (px, py)} lies inside. */
        public boolean contains(int px, int py) {
            return px >= x && px < x + width && py >= y && py < y + height;
        }
    }

    /**
     * @param scaleMin smallest area as a fraction of the image, in (0, 1]
     * @param scaleMax largest area as a fraction of the image, in [scaleMin, 1]
     * @param ratioMin smallest aspect ratio height / width, > 0
     * @param ratioMax largest aspect ratio, >= ratioMin
     */
    public RandomErasing(double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
            throw new IllegalArgumentException("need 0 < scaleMin <= scaleMax <= 1, got " + scaleMin + ", " + scaleMax);
        }
        if (!(ratioMin > 0 && ratioMin <= ratioMax && Double.isFinite(ratioMax))) {
            throw new IllegalArgumentException("need 0 < ratioMin <= ratioMax, got " + ratioMin + ", " + ratioMax);
        }
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
    }

    @Override
    public void apply(RgbPlanes image, Random random) {
        region(image.width(), image.height(), random).ifPresent(r -> fill(image, r, random));
    }

    /** The rectangle to erase in a {@code width x height} image, or empty when no draw fitted. */
    public Optional<Region> region(int width, int height, Random random) {
        double area = (double) width * height;
        double logMin = Math.log(ratioMin);
        double logMax = Math.log(ratioMax);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double erased = area * (scaleMin + (scaleMax - scaleMin) * random.nextDouble());
            double aspect = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int h = (int) Math.round(Math.sqrt(erased * aspect));
            int w = (int) Math.round(Math.sqrt(erased / aspect));
            if (h < height && w < width) {
                int y = random.nextInt(height - h + 1);
                int x = random.nextInt(width - w + 1);
                return Optional.of(new Region(x, y, w, h));
            }
        }
        return Optional.empty();
    }

    /** Fills {@code region} of every channel with uniform noise in [0, 1). */
    public static void fill(RgbPlanes image, Region region, Random random) {
        float[] v = image.values();
        int plane = image.planeSize();
        for (int c = 0; c < 3; c++) {
            for (int y = region.y(); y < region.y() + region.height(); y++) {
                int row = c * plane + y * image.width();
                for (int x = region.x(); x < region.x() + region.width(); x++) {
                    v[row + x] = random.nextFloat();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RandomErasing(scale " + scaleMin + "-" + scaleMax + ", ratio " + ratioMin + "-" + ratioMax + ")";
    }
}
