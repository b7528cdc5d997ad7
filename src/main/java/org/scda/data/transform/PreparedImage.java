package org.scda.data.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * An image ready for the network: normalised channels-first pixels, the boxes in the same
 * pixel frame, and the scale back to the original image.
 *
 * @param pixels         normalised values, channel-major {@code (3, height, width)}
 * @param width          width after resizing
 * @param height         height after resizing
 * @param scale          resized size / original size (boxes in the original = boxes / scale)
 * @param originalWidth  width of the image as stored
 * @param originalHeight height of the image as stored
 * @param boxes          ground-truth boxes {@code x1,y1,x2,y2} in resized pixels (G*4), may be empty
 * @param flipped        true when the image was mirrored left-right
 */
public record PreparedImage(float[] pixels, int width, int height, double scale,
                            int originalWidth, int originalHeight, float[] boxes, boolean flipped) {

    /** The pixels as {@code (1, 3, height, width)} in {@code manager}. */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(pixels, new Shape(1, 3, height, width));
    }

    /** Number of boxes. */
    public int numBoxes() {
        return boxes.length / 4;
    }
}
