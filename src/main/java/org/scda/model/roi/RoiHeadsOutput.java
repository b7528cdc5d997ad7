package org.scda.model.roi;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What the RoI heads produce for one image.
 *
 * @param rois         R*4 RoI boxes in input pixels: the sampled RoIs when training with
 *                     ground truth (foreground first), else the proposals
 * @param roiLabels    model class per RoI when sampled with ground truth, else null
 * @param roiObjectness objectness of each RoI when it is a proposal (ground-truth boxes: 1), R values
 * @param roiFeatures  (R, d) region features from the box head, with gradient when training
 * @param classLogits  (R, K)
 * @param boxDeltas    (R, 4K)
 * @param detections   final detections in input pixels when not training, else null
 * @param losses       {@code roi.classifier}, {@code roi.box_reg} (and {@code roi.mask} with a mask
 *                     branch) when sampled with ground truth
 */
public record RoiHeadsOutput(float[] rois, int[] roiLabels, float[] roiObjectness, NDArray roiFeatures,
                             NDArray classLogits, NDArray boxDeltas, ImageDetections detections,
                             Map<String, NDArray> losses) {

    public int numRois() {
        return rois.length / 4;
    }
}
