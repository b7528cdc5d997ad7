package org.scda.adapt.mining;

import org.scda.data.BoundingBox;
import org.scda.util.ScdaException;

/**
 * Places a square region of fixed size centred on a point and shifts it to lie inside the
 * image. Corners are whole pixels so that the real patch is an exact crop of {@code size x size}
 * pixels (no resize).
 */
public final class RegionPlacer {

    private RegionPlacer() {
    }

    /**
     * The square region {@code [x1, x1 + size) x [y1, y1 + size)} with
     * {@code x1 = round(cx - size / 2)} clamped to {@code [0, imageWidth - size]} (same for y).
     *
     * @throws ScdaException if {@code size} exceeds the image's shorter side (the paper skips
     *     Type1 on KITTI for that reason)
     */
    public static BoundingBox place(double cx, double cy, int size, int imageWidth, int imageHeight) {
        checkFits(size, imageWidth, imageHeight);
        long x1 = clamp(Math.round(cx - size / 2.0), imageWidth - size);
        long y1 = clamp(Math.round(cy - size / 2.0), imageHeight - size);
        return new BoundingBox(x1, y1, x1 + size, y1 + size);
    }

    /**
     * Checks that a {@code size x size} region fits into the image.
     *
     * @throws ScdaException if it does not, or if the size is not positive
     */
    public static void checkFits(int size, int imageWidth, int imageHeight) {
        if (size <= 0) {
            throw new ScdaException("region size must be positive, got " + size);
        }
        if (size > Math.min(imageWidth, imageHeight)) {
            throw new ScdaException("region size " + size + " is larger than the image's shorter side ("
                    + imageWidth + "x" + imageHeight + "); choose a preset with smaller regions");
        }
    }

    private static long clamp(long v, long max) {
        return Math.max(0, Math.min(v, max));
    }
}
