package org.scda.model.rpn;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What the RPN produces for one image.
 *
 * @param proposals proposals with objectness, best first (no gradient)
 * @param anchors   all anchors (N*4, location-major), for inspection
 * @param losses    {@code rpn.objectness} and {@code rpn.box_reg} when training with ground truth, else empty
 */
public record RpnOutput(Proposals proposals, float[] anchors, Map<String, NDArray> losses) {
}
