package org.scda.model.roi;

import ai.djl.ndarray.NDArray;
import org.scda.ops.RoiAlign;
import org.scda.ops.RoiPool;

/**
 * RoI pooling to a fixed grid, RoIAlign or RoIPool (torchvision semantics, from {@code org.scda.ops}).
 */
public final class RoiPooler {
    private final RoiAlign align;
    private final RoiPool pool;
    private final int size;

    private RoiPooler(RoiAlign align, RoiPool pool, int size) {
        this.align = align;
        this.pool = pool;
        this.size = size;
    }

    /**
     * @param kind          {@code align} or {@code pool}
     * @param size          output grid side (7)
     * @param stride        backbone stride (spatial scale 1/stride)
     * @param samplingRatio RoIAlign samples per bin side (0 adaptive)
     */
    public static RoiPooler create(String kind, int size, int stride, int samplingRatio) {
        float scale = 1f / stride;
        return switch (kind) {
            case "align" -> new RoiPooler(new RoiAlign(size, size, scale, samplingRatio, true), null, size);
            case "pool" -> new RoiPooler(null, new RoiPool(size, size, scale), size);
            default -> throw new IllegalArgumentException("RoI pooler must be align or pool, got " + kind);
        };
    }

    /**
     * @param features (1, C, H, W)
     * @param rois     (R, 5) as {@code [batch, x1, y1, x2, y2]} in input pixels
     * @return (R, C, size, size), differentiable with respect to {@code features}
     */
    public NDArray pool(NDArray features, NDArray rois) {
        return align != null ? align.forward(features, rois) : pool.forward(features, rois);
    }

    public int size() {
        return size;
    }
}
