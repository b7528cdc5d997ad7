package org.scda.model.roi;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.scda.ops.BoxCoder;
import org.scda.ops.BoxOps;
import org.scda.ops.Nms;

/**
 * Box-head outputs to final detections: softmax scores, class-specific decoded boxes clipped
 * to the image, scores below {@code scoreThreshold} and tiny boxes dropped, NMS per class at
 * {@code nmsThreshold}, the best {@code maxDetections} kept.
 */
public final class DetectionPostProcessor {
    private static final float MIN_SIZE = 1e-2f;
    private final BoxCoder coder;
    private final float scoreThreshold;
    private final float nmsThreshold;
    private final int maxDetections;

    public DetectionPostProcessor(BoxCoder coder, double scoreThreshold, double nmsThreshold, int maxDetections) {
        this.coder = coder;
        this.scoreThreshold = (float) scoreThreshold;
        this.nmsThreshold = (float) nmsThreshold;
        this.maxDetections = maxDetections;
    }

    /**
     * @param logits (R, K) class logits
     * @param deltas (R, 4K) class-specific deltas
     * @param rois   R*4 boxes the deltas refer to
     */
    public ImageDetections process(NDArray logits, NDArray deltas, float[] rois, int height, int width) {
        int r = rois.length / 4;
        if (r == 0) {
            return ImageDetections.empty();
        }
        int k = (int) logits.getShape().get(1);
        float[] probs = logits.stopGradient().softmax(1).toFloatArray();
        float[] boxes = BoxOps.clip(coder.decode(deltas.stopGradient().toFloatArray(), rois), height, width);
        int n = 0;
        float[] candBoxes = new float[r * (k - 1) * 4];
        float[] candScores = new float[r * (k - 1)];
        int[] candLabels = new int[r * (k - 1)];
        for (int i = 0; i < r; i++) {
            for (int c = 1; c < k; c++) {
                float score = probs[i * k + c];
                if (score <= scoreThreshold) {
                    continue;
                }
                System.arraycopy(boxes, (i * k + c) * 4, candBoxes, 4 * n, 4);
                candScores[n] = score;
                candLabels[n] = c;
                n++;
            }
        }
        candBoxes = Arrays.copyOf(candBoxes, 4 * n);
        int[] big = BoxOps.removeSmall(candBoxes, MIN_SIZE);
        float[] b = new float[4 * big.length];
        float[] s = new float[big.length];
        int[] l = new int[big.length];
        for (int i = 0; i < big.length; i++) {
            System.arraycopy(candBoxes, 4 * big[i], b, 4 * i, 4);
            s[i] = candScores[big[i]];
            l[i] = candLabels[big[i]];
        }
        int[] kept = Nms.batchedNms(b, s, l, nmsThreshold);
        int[] order = IntStream.of(kept).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i))
                .limit(maxDetections).mapToInt(Integer::intValue).toArray();
        float[] outBoxes = new float[4 * order.length];
        float[] outScores = new float[order.length];
        int[] outLabels = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(b, 4 * order[i], outBoxes, 4 * i, 4);
            outScores[i] = s[order[i]];
            outLabels[i] = l[order[i]];
        }
        return new ImageDetections(outBoxes, outScores, outLabels);
    }
}
