package org.scda.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Argument checks shared by the RoI pooling operators ({@link RoiAlign}, {@link RoiPool}). */
final class RoiArgs {
    private RoiArgs() {
    }

    static void checkOutput(int outputHeight, int outputWidth, float spatialScale) {
        if (outputHeight <= 0 || outputWidth <= 0 || !(spatialScale > 0)) {
            throw new IllegalArgumentException("output size and spatial scale must be positive");
        }
    }

    /** The (R, 5) RoIs as a flat host array of {@code batchIndex, x1, y1, x2, y2} rows. */
    static float[] hostRois(NDArray rois) {
        Shape rs = rois.getShape();
        if (rs.dimension() != 2 || rs.get(1) != 5) {
            throw new IllegalArgumentException("rois must be (R, 5), got " + rs);
        }
        return rois.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** Features must be (B, C, H, W) and the flat RoIs whole rows of 5. */
    static void checkInputs(Shape features, float[] rois) {
        if (features.dimension() != 4) {
            throw new IllegalArgumentException("features must be (B, C, H, W), got " + features);
        }
        if (rois.length % 5 != 0) {
            throw new IllegalArgumentException("flat rois length " + rois.length + " is not a multiple of 5");
        }
    }
}
