package org.scda.adapt.mining;

import ai.djl.ndarray.NDArray;

/**
 * Turns one image's proposals and RoI features into K regions of m features each. The inputs
 * are what the detector has per image.
 */
public interface Miner {

    /**
     * Mines the regions of one image.
     *
     * @param boxes {@code N * 4} floats, proposal {@code x1, y1, x2, y2} in image pixels
     * @param objectness {@code N} proposal scores (higher is more object-like)
     * @param roiFeatures {@code (N, d)} the proposals' RoI features, gradient attached
     * @param image {@code (1, 3, H, W)} the normalised image the proposals live in (the miner
     *     knows its {@link ImageNormalization})
     * @return K regions, K x m features; the features belong to {@code roiFeatures}' manager
     * @throws org.scda.util.ScdaException if a region does not fit into the image or there are
     *     no proposals
     */
    MinedRegions mine(float[] boxes, float[] objectness, NDArray roiFeatures, NDArray image);

    /**
     * As {@link #mine(float[], float[], NDArray, NDArray)} with boxes {@code (N, 4)} and
     * objectness {@code (N)} as NDArrays (copied to the host).
     */
    default MinedRegions mine(NDArray boxes, NDArray objectness, NDArray roiFeatures, NDArray image) {
        return mine(boxes.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(),
                objectness.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(),
                roiFeatures, image);
    }
}
