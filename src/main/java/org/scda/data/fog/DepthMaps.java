package org.scda.data.fog;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * Depth maps (metres per pixel, row-major) for fog synthesis: from a Cityscapes disparity map
 * and its camera calibration, or a flat-ground prior for any other image.
 */
public final class DepthMaps {
    private DepthMaps() {
    }

    /**
     * Depth from a Cityscapes {@code *_disparity.png} (16-bit): a pixel value {@code p > 0}
     * means disparity {@code d = (p - 1) / 256}, and depth is {@code baseline * fx / d}.
     * Pixels without a disparity ({@code p == 0}) take the larger depth of the nearest valid
     * pixels to their left and right in the same row (holes lie at occlusion edges, where the
     * background is the one not seen by both cameras); rows with no valid pixel are
     * {@code maxDepth}. All depths are capped at {@code maxDepth}.
     */
    public static float[] fromCityscapesDisparity(BufferedImage disparity, double baseline, double fx, double maxDepth) {
        if (!(baseline > 0) || !(fx > 0)) {
            throw new IllegalArgumentException("camera baseline and fx must be positive, got " + baseline + " and " + fx);
        }
        int w = disparity.getWidth();
        int h = disparity.getHeight();
        Raster raster = disparity.getRaster();
        float[] depth = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = raster.getSample(x, y, 0);
                float z = Float.NaN;
                if (p > 1) {
                    z = (float) Math.min(maxDepth, baseline * fx / ((p - 1) / 256.0));
                } else if (p == 1) {
                    z = (float) maxDepth;
                }
                depth[y * w + x] = z;
            }
            fillRowHoles(depth, y * w, w, (float) maxDepth);
        }
        return depth;
    }

    /**
     * A flat-ground prior: a camera {@code cameraHeight} metres above a flat ground whose
     * horizon is at row {@code horizonRow} sees row {@code v} below the horizon at depth
     * {@code focal * cameraHeight / (v - horizonRow)}; rows at or above the horizon (buildings,
     * sky) are {@code maxDepth}. Depth is capped at {@code maxDepth}.
     */
    public static float[] flatGround(int width, int height, double horizonRow, double focal, double cameraHeight,
                                     double maxDepth) {
        float[] depth = new float[width * height];
        for (int y = 0; y < height; y++) {
            double below = y + 0.5 - horizonRow;
            float z = below <= 0 ? (float) maxDepth : (float) Math.min(maxDepth, focal * cameraHeight / below);
            java.util.Arrays.fill(depth, y * width, (y + 1) * width, z);
        }
        return depth;
    }

    private static void fillRowHoles(float[] depth, int start, int w, float maxDepth) {
        float[] left = new float[w];
        float last = Float.NaN;
        for (int x = 0; x < w; x++) {
            float v = depth[start + x];
            if (!Float.isNaN(v)) {
                last = v;
            }
            left[x] = last;
        }
        last = Float.NaN;
        for (int x = w - 1; x >= 0; x--) {
            float v = depth[start + x];
            if (!Float.isNaN(v)) {
                last = v;
                continue;
            }
            float l = left[x];
            float fill;
            if (Float.isNaN(l) && Float.isNaN(last)) {
                fill = maxDepth;
            } else if (Float.isNaN(l)) {
                fill = last;
            } else if (Float.isNaN(last)) {
                fill = l;
            } else {
                fill = Math.max(l, last);
            }
            depth[start + x] = fill;
        }
    }
}
