package org.scda.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.scda.model.roi.ImageDetections;
import org.scda.model.roi.RoiHeadsOutput;
import org.scda.model.rpn.Proposals;

/**
 * Everything one forward pass of {@link FasterRcnn} exposes, for the trainer and for methods
 * built on the detector (region mining and alignment use the features, proposals and RoI
 * features, all still connected to the graph when training).
 *
 * @param image      the normalised input {@code (1, 3, H, W)}
 * @param features   backbone features {@code (1, C, H/stride, W/stride)}
 * @param proposals  RPN proposals with objectness, best first (input pixels, no gradient)
 * @param roi        the RoI stage: RoIs (sampled for the head when training with labels, else the
 *                   proposals), their objectness, their d-dimensional features, logits and deltas
 * @param detections final detections in input pixels (inference only, else null)
 * @param losses     named losses of all stages (empty without ground truth)
 */
public record FasterRcnnOutput(NDArray image, NDArray features, Proposals proposals, RoiHeadsOutput roi,
                               ImageDetections detections, Map<String, NDArray> losses) {

    /** The sum of all losses, or null when there are none. */
    public NDArray totalLoss() {
        NDArray total = null;
        for (NDArray l : losses.values()) {
            total = total == null ? l : total.add(l);
        }
        return total;
    }

    /** The RoI features {@code (R, d)} (may be null when there were no RoIs). */
    public NDArray roiFeatures() {
        return roi.roiFeatures();
    }
}
