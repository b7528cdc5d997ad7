package org.scda.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;

/**
 * RoIAlign (He et al. 2017) with torchvision 0.14's semantics, differentiable w.r.t. the
 * features. Each output bin averages {@code gh x gw} bilinear samples placed at the centres of
 * a regular sub-grid of the bin; {@code samplingRatio <= 0} chooses
 * {@code ceil(roiSize / outputSize)} per RoI (adaptive); {@code aligned} shifts the RoI by
 * -0.5 feature cells (pixel centres), otherwise RoIs smaller than one cell are enlarged to one
 * cell (torchvision's legacy behaviour); samples beyond one cell outside the map count as 0.
 *
 * <p>How: the output is linear in the features, so the sample positions and bilinear weights
 * are computed on the host into a sparse {@code (B*H*W, R*outH*outW)} matrix, which a
 * {@code (C, B*H*W)} view of the features multiplies in one autograd-aware operation. Weights are
 * separable (a bin's weight for cell {@code (y, x)} is the product of a row weight and a column
 * weight), which the host code uses to merge the samples falling in the same cell. On engines
 * other than PyTorch it falls back to one gather on that view plus a weighted sum.
 */
public final class RoiAlign {

    /** How the weighted sum is evaluated on the engine. */
    enum Backend {
        /** The dense feature view times a sparse COO weight matrix (PyTorch engine). */
        SPARSE,
        /** One gather of all weighted cells, padded per bin, then a weighted sum. */
        GATHER
    }

    private final int outputHeight;
    private final int outputWidth;
    private final float spatialScale;
    private final int samplingRatio;
    private final boolean aligned;

    /**
     * @param outputHeight bins per RoI vertically (7 in Faster R-CNN)
     * @param outputWidth bins per RoI horizontally
     * @param spatialScale feature cells per image pixel (1/16 for a stride-16 backbone)
     * @param samplingRatio samples per bin along each axis; {@code <= 0} for adaptive
     * @param aligned shift by half a cell (torchvision {@code aligned=True}, Detectron2's default)
     */
    public RoiAlign(int outputHeight, int outputWidth, float spatialScale, int samplingRatio, boolean aligned) {
        RoiArgs.checkOutput(outputHeight, outputWidth, spatialScale);
        this.outputHeight = outputHeight;
        this.outputWidth = outputWidth;
        this.spatialScale = spatialScale;
        this.samplingRatio = samplingRatio;
        this.aligned = aligned;
    }

    /**
     * Pools each RoI.
     *
     * @param features (B, C, H, W) float32 feature maps
     * @param rois (R, 5) rows {@code batchIndex, x1, y1, x2, y2}, coordinates in image pixels;
     *     only read on the host (no gradient w.r.t. the RoIs)
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
        boolean pytorch = "PyTorch".equals(features.getManager().getEngine().getEngineName());
        return forward(features, rois, pytorch ? Backend.SPARSE : Backend.GATHER);
    }

    NDArray forward(NDArray features, float[] rois, Backend backend) {
        Shape fs = features.getShape();
        RoiArgs.checkInputs(fs, rois);
        int batch = (int) fs.get(0);
        int channels = (int) fs.get(1);
        int height = (int) fs.get(2);
        int width = (int) fs.get(3);
        int numRois = rois.length / 5;
        NDManager manager = features.getManager();
        if (numRois == 0) {
            return manager.zeros(new Shape(0, channels, outputHeight, outputWidth), features.getDataType());
        }
        SparseWeights weights = weights(rois, batch, height, width);
        int outputs = numRois * outputHeight * outputWidth;
        long cells = (long) batch * height * width;
        if (backend == Backend.SPARSE) {
            // (C, B*H*W) x (B*H*W, R*P): for B = 1 the features need no copy, and the product
            // came out faster than (R*P, B*H*W) x (B*H*W, C) in libtorch 2.7's sparse kernels.
            NDArray view = batch == 1 ? features.reshape(channels, cells) : features.transpose(1, 0, 2, 3).reshape(channels, cells);
            NDArray pooled = sparseProductTransposed(manager, weights, outputs, cells, view);
            view.close();
            return pooled.reshape(channels, numRois, outputHeight, outputWidth).transpose(1, 0, 2, 3);
        }
        NDArray view = features.transpose(0, 2, 3, 1).reshape(cells, channels);
        NDArray pooled = gatherProduct(manager, weights, outputs, view);
        view.close();
        return pooled.reshape(numRois, outputHeight, outputWidth, channels).transpose(0, 3, 1, 2);
    }

    /** {@code view (C, cells)} times the transposed weights {@code (cells, rows)}: (C, rows). */
    private static NDArray sparseProductTransposed(NDManager manager, SparseWeights w, int rows, long cells, NDArray view) {
        long[] indices = new long[2 * w.size];
        for (int k = 0; k < w.size; k++) {
            indices[k] = w.col[k];
            indices[w.size + k] = w.row[k];
        }
        try (NDArray idx = HostTensors.longs(manager, indices, new Shape(2, w.size));
                NDArray val = HostTensors.floats(manager, Arrays.copyOf(w.val, w.size), new Shape(w.size));
                NDArray matrix = JniUtils.createSparseCoo((PtNDArray) idx, (PtNDArray) val, new Shape(cells, rows))) {
            return view.matMul(matrix);
        }
    }

    private static NDArray gatherProduct(NDManager manager, SparseWeights w, int rows, NDArray view) {
        int[] perRow = new int[rows];
        for (int k = 0; k < w.size; k++) {
            perRow[w.row[k]]++;
        }
        int slots = Math.max(1, Arrays.stream(perRow).max().orElse(1));
        long[] idx = new long[rows * slots];
        float[] val = new float[rows * slots];
        int[] filled = new int[rows];
        for (int k = 0; k < w.size; k++) {
            int r = w.row[k];
            int at = r * slots + filled[r]++;
            idx[at] = w.col[k];
            val[at] = w.val[k];
        }
        long channels = view.getShape().get(1);
        try (NDArray index = HostTensors.longs(manager, idx, new Shape(idx.length));
                NDArray weight = HostTensors.floats(manager, val, new Shape((long) rows * slots, 1));
                NDArray gathered = view.get(index)) {
            return gathered.mul(weight).reshape(rows, slots, channels).sum(new int[] {1});
        }
    }

    /** Non-zero entries of the (R*outH*outW, B*H*W) weight matrix, rows ascending. */
    static final class SparseWeights {
        int[] row = new int[1024];
        int[] col = new int[1024];
        float[] val = new float[1024];
        int size;

        void add(int r, int c, float v) {
            if (size == row.length) {
                row = Arrays.copyOf(row, 2 * size);
                col = Arrays.copyOf(col, 2 * size);
                val = Arrays.copyOf(val, 2 * size);
            }
            row[size] = r;
            col[size] = c;
            val[size] = v;
            size++;
        }
    }

    /** Merged cells and weights of one axis for each bin of a RoI. */
    private static final class AxisWeights {
        final int[][] cells;
        final float[][] weights;

        AxisWeights(int bins) {
            cells = new int[bins][];
            weights = new float[bins][];
        }
    }

    SparseWeights weights(float[] rois, int batch, int height, int width) {
        int numRois = rois.length / 5;
        int bins = outputHeight * outputWidth;
        float offset = aligned ? 0.5f : 0f;
        SparseWeights w = new SparseWeights();
        for (int r = 0; r < numRois; r++) {
            int b = (int) rois[5 * r];
            if (b < 0 || b >= batch) {
                throw new IllegalArgumentException("RoI " + r + " has batch index " + rois[5 * r] + " outside [0, " + batch + ")");
            }
            float startW = rois[5 * r + 1] * spatialScale - offset;
            float startH = rois[5 * r + 2] * spatialScale - offset;
            float endW = rois[5 * r + 3] * spatialScale - offset;
            float endH = rois[5 * r + 4] * spatialScale - offset;
            float roiW = endW - startW;
            float roiH = endH - startH;
            if (!aligned) {
                roiW = Math.max(roiW, 1f);
                roiH = Math.max(roiH, 1f);
            }
            float binH = roiH / outputHeight;
            float binW = roiW / outputWidth;
            int gridH = samplingRatio > 0 ? samplingRatio : (int) Math.ceil(roiH / outputHeight);
            int gridW = samplingRatio > 0 ? samplingRatio : (int) Math.ceil(roiW / outputWidth);
            float count = Math.max(gridH * gridW, 1);
            AxisWeights ys = axis(startH, binH, gridH, outputHeight, height);
            AxisWeights xs = axis(startW, binW, gridW, outputWidth, width);
            int base = b * height * width;
            for (int ph = 0; ph < outputHeight; ph++) {
                int[] yc = ys.cells[ph];
                float[] yw = ys.weights[ph];
                for (int pw = 0; pw < outputWidth; pw++) {
                    int[] xc = xs.cells[pw];
                    float[] xw = xs.weights[pw];
                    int out = r * bins + ph * outputWidth + pw;
                    for (int i = 0; i < yc.length; i++) {
                        for (int j = 0; j < xc.length; j++) {
                            float v = yw[i] * xw[j] / count;
                            if (v != 0f) {
                                w.add(out, base + yc[i] * width + xc[j], v);
                            }
                        }
                    }
                }
            }
        }
        return w;
    }

    /**
     * Bilinear weights along one axis, summed over the samples of each bin, exactly as the
     * torchvision kernel places and clamps them.
     */
    private static AxisWeights axis(float start, float bin, int grid, int bins, int size) {
        AxisWeights a = new AxisWeights(bins);
        int[] cells = new int[2 * Math.max(grid, 1)];
        float[] weights = new float[cells.length];
        for (int p = 0; p < bins; p++) {
            int n = 0;
            for (int s = 0; s < grid; s++) {
                float pos = start + p * bin + (s + .5f) * bin / grid;
                if (pos < -1.0f || pos > size) {
                    continue;
                }
                if (pos <= 0) {
                    pos = 0;
                }
                int low = (int) pos;
                int high;
                if (low >= size - 1) {
                    high = low = size - 1;
                    pos = low;
                } else {
                    high = low + 1;
                }
                float l = pos - low;
                float h = 1f - l;
                n = accumulate(cells, weights, n, low, h);
                n = accumulate(cells, weights, n, high, l);
            }
            a.cells[p] = Arrays.copyOf(cells, n);
            a.weights[p] = Arrays.copyOf(weights, n);
        }
        return a;
    }

    private static int accumulate(int[] cells, float[] weights, int n, int cell, float weight) {
        for (int i = 0; i < n; i++) {
            if (cells[i] == cell) {
                weights[i] += weight;
                return n;
            }
        }
        cells[n] = cell;
        weights[n] = weight;
        return n + 1;
    }

    @Override
    public String toString() {
        return "RoiAlign[" + outputHeight + "x" + outputWidth + ", scale=" + spatialScale + ", sampling="
                + samplingRatio + ", aligned=" + aligned + "]";
    }
}
