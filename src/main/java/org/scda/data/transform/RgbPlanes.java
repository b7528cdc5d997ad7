package org.scda.data.transform;

import java.util.Arrays;

/**
 * An RGB image as three planes of floats, the form photometric transforms work on: values in
 * [0, 1] for an image as read (a transform may leave the range only where it says so).
 *
 * @param values channel-major {@code (3, height, width)}: the red plane, then green, then blue;
 *               the pixel {@code (x, y)} of channel {@code c} is {@code values[c * width * height + y * width + x]}
 * @param width  pixels per row
 * @param height rows
 */
public record RgbPlanes(float[] values, int width, int height) {

    public RgbPlanes {
        if (width < 1 || height < 1 || values.length != 3 * width * height) {
            throw new IllegalArgumentException("need 3 x " + width + " x " + height + " values, got " + values.length);
        }
    }

    /** A {@code width x height} image filled with one colour. */
    public static RgbPlanes filled(int width, int height, float red, float green, float blue) {
        RgbPlanes image = new RgbPlanes(new float[3 * width * height], width, height);
        int plane = image.planeSize();
        Arrays.fill(image.values, 0, plane, red);
        Arrays.fill(image.values, plane, 2 * plane, green);
        Arrays.fill(image.values, 2 * plane, 3 * plane, blue);
        return image;
    }

    /** Pixels per channel: {@code width * height}. */
    public int planeSize() {
        return width * height;
    }

    /** An independent copy (the values array is copied). */
    public RgbPlanes copy() {
        return new RgbPlanes(values.clone(), width, height);
    }
}
