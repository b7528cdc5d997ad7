package org.scda.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * RoIPool (Fast R-CNN) with torchvision 0.14's semantics, differentiable w.r.t. the features:
 * RoI corners are scaled and rounded half away from zero, the RoI covers
 * {@code end - start + 1} cells (at least 1), bin {@code p} spans cells
 * {@code [floor(p * size / out), ceil((p + 1) * size / out))} from the RoI start, clipped to
 * the map; each output is the maximum of its bin (the first maximum in row-major order), 0 for
 * an empty bin.
 *
 * <p>How: the arg-max of every output is found on the host from a copy of the features, then
 * one gather of the flat features (with a zero appended for empty bins) at those indices gives
 * the output, so the gradient reaches exactly the arg-max cells, as in torchvision's backward.
 */
public final class RoiPool {

    private final int outputHeight;
    private final int outputWidth;
    private final float spatialScale;

    /**
     * @param outputHeight bins per RoI vertically (7 in Faster R-CNN)
     * @param outputWidth bins per RoI horizontally
     * @param spatialScale feature cells per image pixel (1/16 for a stride-16 backbone)
     */
    public RoiPool(int outputHeight, int outputWidth, float spatialScale) {
        RoiArgs.checkOutput(outputHeight, outputWidth, spatialScale);
        this.outputHeight = outputHeight;
        this.outputWidth = outputWidth;
        this.spatialScale = spatialScale;
    }

    /**
     * Pools each RoI.
     *
     * @param features (B, C, H, W) float32 feature maps
     * @param rois (R, 5) rows {@code batchIndex, x1, y1, x2, y2} in image pixels (host-read)
     * @return (R, C, outputHeight, outputWidth), in the features' manager
     */
    public NDArray forward(NDArray features, NDArray rois) {
        return forward(features, RoiArgs.hostRois(rois));
    }

    /**
     * Pools each RoI, RoIs given on the host.
     *
     * @param features (B, C, H, W) float32 feature maps
     * @param rois R rows of {@code batchIndex, x1, y1, x2, y2}, flat (length 5R), image pixels
     * @return (R, C, outputHeight, outputWidth)
     */
    public NDArray forward(NDArray features, float[] rois) {
        Shape fs = features.getShape();
        RoiArgs.checkInputs(fs, rois);
        int batch = (int) fs.get(0);
        int channels = (int) fs.get(1);
        int height = (int) fs.get(2);
        int width = (int) fs.get(3);
        int numRois = rois.length / 5;
        NDManager manager = features.getManager();
        Shape outShape = new Shape(numRois, channels, outputHeight, outputWidth);
        if (numRois == 0) {
            return manager.zeros(outShape, features.getDataType());
        }
        float[] values = features.toFloatArray();
        int plane = height * width;
        int bins = outputHeight * outputWidth;
        if ((long) values.length + 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("features too large for int indices: " + fs);
        }
        int[] argmax = new int[numRois * channels * bins];
        int[] hStart = new int[outputHeight];
        int[] hEnd = new int[outputHeight];
        int[] wStart = new int[outputWidth];
        int[] wEnd = new int[outputWidth];
        boolean anyEmpty = false;
        for (int r = 0; r < numRois; r++) {
            int b = (int) rois[5 * r];
            if (b < 0 || b >= batch) {
                throw new IllegalArgumentException("RoI " + r + " has batch index " + rois[5 * r] + " outside [0, " + batch + ")");
            }
            int startW = roundHalfAway(rois[5 * r + 1] * spatialScale);
            int startH = roundHalfAway(rois[5 * r + 2] * spatialScale);
            int endW = roundHalfAway(rois[5 * r + 3] * spatialScale);
            int endH = roundHalfAway(rois[5 * r + 4] * spatialScale);
            int roiW = Math.max(endW - startW + 1, 1);
            int roiH = Math.max(endH - startH + 1, 1);
            float binH = (float) roiH / outputHeight;
            float binW = (float) roiW / outputWidth;
            for (int ph = 0; ph < outputHeight; ph++) {
                hStart[ph] = clamp((int) Math.floor(ph * binH) + startH, height);
                hEnd[ph] = clamp((int) Math.ceil((ph + 1) * binH) + startH, height);
            }
            for (int pw = 0; pw < outputWidth; pw++) {
                wStart[pw] = clamp((int) Math.floor(pw * binW) + startW, width);
                wEnd[pw] = clamp((int) Math.ceil((pw + 1) * binW) + startW, width);
            }
            // channel-major so each scan stays inside one feature plane
            for (int c = 0; c < channels; c++) {
                int offset = (b * channels + c) * plane;
                int out = (r * channels + c) * bins;
                for (int ph = 0; ph < outputHeight; ph++) {
                    for (int pw = 0; pw < outputWidth; pw++, out++) {
                        int best = -1;
                        boolean empty = hEnd[ph] <= hStart[ph] || wEnd[pw] <= wStart[pw];
                        float max = empty ? 0f : -Float.MAX_VALUE;
                        for (int h = hStart[ph]; h < hEnd[ph]; h++) {
                            int row = offset + h * width;
                            for (int w = wStart[pw]; w < wEnd[pw]; w++) {
                                if (values[row + w] > max) {
                                    max = values[row + w];
                                    best = row + w;
                                }
                            }
                        }
                        if (best < 0) {
                            // points at the zero appended after the features below
                            best = values.length;
                            anyEmpty = true;
                        }
                        argmax[out] = best;
                    }
                }
            }
        }
        try (NDArray flat = features.reshape(-1);
                NDArray zero = manager.zeros(new Shape(1), features.getDataType());
                NDArray source = anyEmpty ? flat.concat(zero) : flat.reshape(-1);
                NDArray index = HostTensors.ints(manager, argmax, new Shape(argmax.length))) {
            return source.get(index).reshape(outShape);
        }
    }

    private static int roundHalfAway(float v) {
        return (int) (v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5));
    }

    private static int clamp(int v, int limit) {
        return Math.min(Math.max(v, 0), limit);
    }

    @Override
    public String toString() {
        return "RoiPool[" + outputHeight + "x" + outputWidth + ", scale=" + spatialScale + "]";
    }
}
