package org.scda.model.roi;

/**
 * The detections of one image, best first, in the pixel frame they were computed in.
 *
 * @param boxes  D*4 boxes {@code x1,y1,x2,y2}
 * @param scores D class probabilities
 * @param labels D model classes (1..K-1; dataset class = label - 1)
 */
public record ImageDetections(float[] boxes, float[] scores, int[] labels) {

    public ImageDetections {
        if (boxes.length != 4 * scores.length || scores.length != labels.length) {
            throw new IllegalArgumentException("inconsistent detection arrays");
        }
    }

    public static ImageDetections empty() {
        return new ImageDetections(new float[0], new float[0], new int[0]);
    }

    public int size() {
        return scores.length;
    }

    /** The same detections with boxes divided by {@code scale} (back to the original image). */
    public ImageDetections rescaled(double scale) {
        float[] out = new float[boxes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (boxes[i] / scale);
        }
        return new ImageDetections(out, scores, labels);
    }
}
