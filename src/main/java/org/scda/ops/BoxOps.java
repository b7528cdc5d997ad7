package org.scda.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Box geometry with torchvision's semantics ({@code box_iou}, {@code clip_boxes_to_image},
 * {@code remove_small_boxes}): boxes are {@code x1, y1, x2, y2}, continuous coordinates, area
 * {@code (x2-x1)*(y2-y1)}. Each operation exists on NDArrays (differentiable where torch is)
 * and on flat {@code float[]} arrays.
 */
public final class BoxOps {

    private BoxOps() {
    }

    /**
     * Pairwise IoU.
     *
     * @param a (N, 4) boxes
     * @param b (M, 4) boxes
     * @return (N, M) IoU, {@code inter / (areaA + areaB - inter)}; NaN where both boxes are empty
     */
    public static NDArray iou(NDArray a, NDArray b) {
        long n = a.getShape().get(0);
        long m = b.getShape().get(0);
        if (n == 0 || m == 0) {
            return a.getManager().zeros(new Shape(n, m), a.getDataType());
        }
        NDArray areaA = areas(a).reshape(n, 1);
        NDArray areaB = areas(b).reshape(1, m);
        NDArray ltx = NDArrays.maximum(a.get(":, 0:1"), b.get(":, 0").reshape(1, m));
        NDArray lty = NDArrays.maximum(a.get(":, 1:2"), b.get(":, 1").reshape(1, m));
        NDArray rbx = NDArrays.minimum(a.get(":, 2:3"), b.get(":, 2").reshape(1, m));
        NDArray rby = NDArrays.minimum(a.get(":, 3:4"), b.get(":, 3").reshape(1, m));
        NDArray inter = Scalars.maximum(rbx.sub(ltx), 0f).mul(Scalars.maximum(rby.sub(lty), 0f));
        NDArray union = areaA.add(areaB).sub(inter);
        return inter.div(union);
    }

    /**
     * Pairwise IoU on the host.
     *
     * @param a N boxes, flat (length 4N)
     * @param b M boxes, flat (length 4M)
     * @return {@code [N][M]} IoU
     */
    public static float[][] iou(float[] a, float[] b) {
        int n = checkFlat(a);
        int m = checkFlat(b);
        float[] areaA = areas(a);
        float[] areaB = areas(b);
        float[][] out = new float[n][m];
        for (int i = 0; i < n; i++) {
            float ax1 = a[4 * i];
            float ay1 = a[4 * i + 1];
            float ax2 = a[4 * i + 2];
            float ay2 = a[4 * i + 3];
            float[] row = out[i];
            for (int j = 0; j < m; j++) {
                float w = Math.min(ax2, b[4 * j + 2]) - Math.max(ax1, b[4 * j]);
                float h = Math.min(ay2, b[4 * j + 3]) - Math.max(ay1, b[4 * j + 1]);
                float inter = Math.max(w, 0f) * Math.max(h, 0f);
                row[j] = inter / (areaA[i] + areaB[j] - inter);
            }
        }
        return out;
    }

    /**
     * Clips boxes to the image: x to {@code [0, width]}, y to {@code [0, height]}.
     *
     * @param boxes (..., 4K) boxes (the last axis holds K boxes, e.g. class-specific ones)
     * @param height image height in pixels
     * @param width image width in pixels
     * @return clipped boxes, same shape
     */
    public static NDArray clip(NDArray boxes, int height, int width) {
        Shape shape = boxes.getShape();
        if (shape.size() == 0) {
            return boxes.duplicate();
        }
        NDArray pairs = boxes.reshape(-1, 2);
        NDArray xs = pairs.get(":, 0").clip(0, width);
        NDArray ys = pairs.get(":, 1").clip(0, height);
        return NDArrays.stack(new ai.djl.ndarray.NDList(xs, ys), 1).reshape(shape);
    }

    /**
     * Clips boxes to the image on the host.
     *
     * @param boxes N boxes, flat (length 4N)
     * @param height image height
     * @param width image width
     * @return a clipped copy, flat (length 4N)
     */
    public static float[] clip(float[] boxes, int height, int width) {
        checkFlat(boxes);
        float[] out = new float[boxes.length];
        for (int k = 0; k < boxes.length; k++) {
            float limit = (k % 2 == 0) ? width : height;
            out[k] = Math.min(Math.max(boxes[k], 0f), limit);
        }
        return out;
    }

    /**
     * Box areas.
     *
     * @param boxes (N, 4) boxes
     * @return (N) areas {@code (x2-x1)*(y2-y1)}
     */
    public static NDArray areas(NDArray boxes) {
        return boxes.get(":, 2").sub(boxes.get(":, 0")).mul(boxes.get(":, 3").sub(boxes.get(":, 1")));
    }

    /**
     * Box areas on the host.
     *
     * @param boxes N boxes, flat (length 4N)
     * @return N areas
     */
    public static float[] areas(float[] boxes) {
        int n = checkFlat(boxes);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
        }
        return out;
    }

    /**
     * Boxes whose width and height are both at least {@code minSize}.
     *
     * @param boxes N boxes, flat (length 4N)
     * @param minSize smallest side kept, in the boxes' units
     * @return indices of the kept boxes, ascending
     */
    public static int[] removeSmall(float[] boxes, float minSize) {
        int n = checkFlat(boxes);
        int[] keep = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            float w = boxes[4 * i + 2] - boxes[4 * i];
            float h = boxes[4 * i + 3] - boxes[4 * i + 1];
            if (w >= minSize && h >= minSize) {
                keep[k++] = i;
            }
        }
        return Arrays.copyOf(keep, k);
    }

    /**
     * Selected boxes of a flat array.
     *
     * @param boxes N boxes, flat (length 4N)
     * @param indices which boxes, in the wanted order
     * @return the selected boxes, flat (length 4 * indices.length)
     */
    public static float[] select(float[] boxes, int[] indices) {
        float[] out = new float[4 * indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(boxes, 4 * indices[k], out, 4 * k, 4);
        }
        return out;
    }

    private static int checkFlat(float[] boxes) {
        if (boxes.length % 4 != 0) {
            throw new IllegalArgumentException("flat box array length " + boxes.length + " is not a multiple of 4");
        }
        return boxes.length / 4;
    }
}
