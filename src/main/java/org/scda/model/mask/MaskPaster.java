package org.scda.model.mask;

import org.scda.data.BoundingBox;
import org.scda.data.mask.Rle;

/**
 * Pastes a predicted {@code M x M} mask probability map back into the image, inside its
 * detection box, and thresholds it.
 *
 * <p>Convention (detectron2's {@code paste_masks_in_image}, which samples with
 * {@code grid_sample(align_corners=False)}): the map covers the box
 * {@code (x1, y1, x2, y2)} exactly, mask cell {@code k} centred at box coordinate
 * {@code x1 + (k + 0.5) (x2 - x1) / M}. Each image pixel {@code (x, y)} is sampled at its centre
 * {@code (x + 0.5, y + 0.5)}: bilinear interpolation between the four nearest cell centres,
 * cells outside the map counting as 0. The pixel is set when the value is at least the
 * threshold (0.5). A map of all ones therefore sets no pixel whose centre lies outside the box
 * and, when a mask cell spans at most a pixel, every pixel whose centre lies strictly inside it
 * (a centre exactly on an edge sits at the threshold); with coarser cells the bilinear fall-off
 * towards the border can drop pixels at the box's corners (a 4x4 map on a 20x8 box loses its
 * four corner pixels). A detection box that leaves the image is cut at the image border.
 */
public final class MaskPaster {
    /** Mask R-CNN's binarisation threshold. */
    public static final float DEFAULT_THRESHOLD = 0.5f;

    private MaskPaster() {
    }

    /**
     * Pastes and binarises one mask.
     *
     * @param probabilities {@code M * M} values in [0, 1], row-major (the sigmoid of the mask
     *                      logits of the detection's class)
     * @param size          M
     * @param box           the detection box, image pixels
     * @param imageHeight   image rows
     * @param imageWidth    image columns
     * @param threshold     a pixel is set when its interpolated value is {@code >= threshold}
     * @return the image-size mask, row-major (index {@code y * imageWidth + x})
     */
    public static boolean[] pasteBinary(float[] probabilities, int size, BoundingBox box, int imageHeight,
            int imageWidth, float threshold) {
        if (probabilities.length != size * size) {
            throw new IllegalArgumentException("expected " + size + "x" + size + " values, got " + probabilities.length);
        }
        boolean[] mask = new boolean[imageHeight * imageWidth];
        double boxW = box.x2() - box.x1();
        double boxH = box.y2() - box.y1();
        if (!(boxW > 0) || !(boxH > 0)) {
            return mask;
        }
        double cellW = boxW / size;
        double cellH = boxH / size;
        // beyond one cell outside the box every neighbour is outside the map: value 0
        int x0 = Math.max(0, (int) Math.floor(box.x1() - cellW));
        int x1 = Math.min(imageWidth, (int) Math.ceil(box.x2() + cellW));
        int y0 = Math.max(0, (int) Math.floor(box.y1() - cellH));
        int y1 = Math.min(imageHeight, (int) Math.ceil(box.y2() + cellH));
        for (int y = y0; y < y1; y++) {
            double v = (y + 0.5 - box.y1()) / cellH - 0.5;
            int r0 = (int) Math.floor(v);
            double fy = v - r0;
            for (int x = x0; x < x1; x++) {
                double u = (x + 0.5 - box.x1()) / cellW - 0.5;
                int c0 = (int) Math.floor(u);
                double fx = u - c0;
                double value = (1 - fy) * ((1 - fx) * cell(probabilities, size, r0, c0) + fx * cell(probabilities, size, r0, c0 + 1))
                        + fy * ((1 - fx) * cell(probabilities, size, r0 + 1, c0) + fx * cell(probabilities, size, r0 + 1, c0 + 1));
                if (value >= threshold) {
                    mask[y * imageWidth + x] = true;
                }
            }
        }
        return mask;
    }

    /** {@link #pasteBinary} with threshold 0.5, encoded as COCO RLE. */
    public static Rle paste(float[] probabilities, int size, BoundingBox box, int imageHeight, int imageWidth) {
        return Rle.encode(pasteBinary(probabilities, size, box, imageHeight, imageWidth, DEFAULT_THRESHOLD),
                imageHeight, imageWidth);
    }

    private static double cell(float[] map, int size, int row, int col) {
        if (row < 0 || row >= size || col < 0 || col >= size) {
            return 0;
        }
        return map[row * size + col];
    }
}
