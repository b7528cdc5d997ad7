package org.scda.adapt.mining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.scda.data.BoundingBox;
import org.scda.util.ScdaException;

/** Shared by the miners: input checks, select-or-copy per cluster, the gather and the crops. */
final class RegionAssembly {

    private RegionAssembly() {
    }

    /** Checks the inputs; returns the proposal centres {@code N x 2}. */
    static double[][] checkAndCentres(float[] boxes, float[] objectness, NDArray roiFeatures, NDArray image,
                                      int regionSize) {
        if (boxes.length % 4 != 0) {
            throw new IllegalArgumentException("boxes must hold N * 4 floats, got " + boxes.length);
        }
        int n = boxes.length / 4;
        if (n == 0) {
            throw new ScdaException("no proposals to mine regions from");
        }
        if (objectness.length != n) {
            throw new IllegalArgumentException("objectness has " + objectness.length + " scores for " + n + " boxes");
        }
        Shape fs = roiFeatures.getShape();
        if (fs.dimension() != 2 || fs.get(0) != n) {
            throw new IllegalArgumentException("RoI features must be (N=" + n + ", d), got " + fs);
        }
        Shape is = image.getShape();
        if (is.dimension() != 4 || is.get(0) != 1) {
            throw new IllegalArgumentException("image must be (1, C, H, W), got " + is);
        }
        RegionPlacer.checkFits(regionSize, (int) is.get(3), (int) is.get(2));
        double[][] centres = new double[n][2];
        for (int i = 0; i < n; i++) {
            centres[i][0] = (boxes[4 * i] + boxes[4 * i + 2]) / 2.0;
            centres[i][1] = (boxes[4 * i + 1] + boxes[4 * i + 3]) / 2.0;
        }
        return centres;
    }

    static MinedRegions assemble(List<BoundingBox> regions, double[][] centroids, int[] assignment,
                                 double[][] centres, float[] objectness, NDArray roiFeatures, NDArray image, int m,
                                 ImageNormalization imageNormalization) {
        int k = regions.size();
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < assignment.length; i++) {
            members.get(assignment[i]).add(i);
        }
        int[][] selected = new int[k][];
        long[] flat = new long[k * m];
        float[][] centroidsOut = new float[k][];
        for (int c = 0; c < k; c++) {
            int[] own = members.get(c).stream().mapToInt(Integer::intValue).toArray();
            selected[c] = own.length > 0
                    ? SelectOrCopy.select(own, objectness, m)
                    : SelectOrCopy.selectNearest(centroids[c], centres, objectness, m);
            for (int j = 0; j < m; j++) {
                flat[c * m + j] = selected[c][j];
            }
            centroidsOut[c] = new float[] {(float) centroids[c][0], (float) centroids[c][1]};
        }
        long d = roiFeatures.getShape().get(1);
        // autograd keeps the index for backward: it must own its memory. An array created from
        // a Java array borrows a direct buffer that is freed once the handle is closed and
        // collected, after which backward scatters to garbage rows (measured); duplicate() copies.
        NDArray index;
        try (NDArray borrowed = roiFeatures.getManager().create(flat)) {
            index = borrowed.duplicate();
        }
        NDArray features = roiFeatures.get(index).reshape(k, m, d);
        index.close();
        NDList crops = new NDList(k);
        for (BoundingBox r : regions) {
            crops.add(image.get(new NDIndex("0, :, {}:{}, {}:{}",
                    (long) r.y1(), (long) r.y2(), (long) r.x1(), (long) r.x2())));
        }
        NDArray stacked = NDArrays.stack(crops).stopGradient();
        crops.close();
        NDArray patches = imageNormalization.toTanhRange(stacked);
        return new MinedRegions(features, regions, centroidsOut, patches, selected);
    }
}
