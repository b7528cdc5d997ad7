package org.scda.model.roi;

/**
 * The detections of one image, best first, in the pixel frame they were computed in.
 *
 * @param boxes    D*4 boxes {@code x1,y1,x2,y2}
 * @param scores   D class probabilities
 * @param labels   D model classes (1..K-1; dataset class = label - 1)
 * @param masks    with a mask branch: D*M*M mask probabilities of each detection's class, each
 *                 an {@code M x M} map covering its box (row-major, for
 *                 {@code org.scda.model.mask.MaskPaster}); null for a box-only detector. The
 *                 maps are relative to the box, so they do not change with the pixel frame.
 * @param maskSize M, or 0 without masks
 */
public record ImageDetections(float[] boxes, float[] scores, int[] labels, float[] masks, int maskSize) {

    public ImageDetections {
        if (boxes.length != 4 * scores.length || scores.length != labels.length) {
            throw new IllegalArgumentException("inconsistent detection arrays");
        }
        if (masks != null && (maskSize < 1 || masks.length != scores.length * maskSize * maskSize)) {
            throw new IllegalArgumentException(masks.length + " mask values for " + scores.length + " detections of "
                    + maskSize + "x" + maskSize);
        }
        if (masks == null && maskSize != 0) {
            throw new IllegalArgumentException("mask size " + maskSize + " without masks");
        }
    }

    /** Box-only detections. */
    public ImageDetections(float[] boxes, float[] scores, int[] labels) {
        this(boxes, scores, labels, null, 0);
    }

    public static ImageDetections empty() {
        return new ImageDetections(new float[0], new float[0], new int[0]);
    }

    public int size() {
        return scores.length;
    }

    /** Whether the detections carry mask probabilities. */
    public boolean hasMasks() {
        return masks != null;
    }

    /** The {@code M * M} mask probabilities of detection {@code i} (a copy). */
    public float[] mask(int i) {
        if (masks == null) {
            throw new IllegalStateException("these detections have no masks");
        }
        int plane = maskSize * maskSize;
        return java.util.Arrays.copyOfRange(masks, i * plane, (i + 1) * plane);
    }

    /** The same detections with the given mask probabilities attached. */
    public ImageDetections withMasks(float[] maskProbabilities, int size) {
        return new ImageDetections(boxes, scores, labels, maskProbabilities, size);
    }

    /** The same detections with boxes divided by {@code scale} (back to the original image). */
    public ImageDetections rescaled(double scale) {
        float[] out = new float[boxes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (boxes[i] / scale);
        }
        return new ImageDetections(out, scores, labels, masks, maskSize);
    }
}
