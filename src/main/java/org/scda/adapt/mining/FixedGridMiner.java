package org.scda.adapt.mining;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.scda.data.BoundingBox;

/**
 * The fixed-location ablation: K regions on a uniform {@code rows x cols} grid
 * ({@code rows * cols = K}, the factorisation whose {@code cols / rows} is closest to the
 * image's aspect ratio in log scale, ties to more rows: K=2 on 256x128 is 1x2, K=4 is 2x2,
 * K=8 is 2x4), each region centred on its
 * grid cell and shifted inside the image. A proposal belongs to the cell containing its
 * centre; select-or-copy as in {@link RegionMiner}. The centroids reported are the cell
 * centres.
 */
public final class FixedGridMiner implements Miner {

    private final MiningConfig config;
    private final ImageNormalization imageNormalization;

    /** A miner for one preset and images in [-1, 1]; the seed is unused (the grid is fixed). */
    public FixedGridMiner(MiningConfig config) {
        this(config, ImageNormalization.HALF);
    }

    /** A miner for images normalised as given; the real patches are converted to [-1, 1]. */
    public FixedGridMiner(MiningConfig config, ImageNormalization imageNormalization) {
        this.config = config;
        this.imageNormalization = imageNormalization;
    }

    /** The settings of this miner. */
    public MiningConfig config() {
        return config;
    }

    /** {@code {rows, cols}} of the grid used for K regions on a {@code width x height} image. */
    public static int[] gridShape(int k, int width, int height) {
        double aspect = (double) width / height;
        int bestRows = 1;
        double bestErr = Double.MAX_VALUE;
        for (int rows = 1; rows <= k; rows++) {
            if (k % rows != 0) {
                continue;
            }
            double err = Math.abs(Math.log((double) (k / rows) / rows) - Math.log(aspect));
            if (err <= bestErr + 1e-12) {
                bestErr = err;
                bestRows = rows;
            }
        }
        return new int[] {bestRows, k / bestRows};
    }

    @Override
    public MinedRegions mine(float[] boxes, float[] objectness, NDArray roiFeatures, NDArray image) {
        double[][] centres = RegionAssembly.checkAndCentres(boxes, objectness, roiFeatures, image,
                config.regionSize());
        int width = (int) image.getShape().get(3);
        int height = (int) image.getShape().get(2);
        int[] grid = gridShape(config.k(), width, height);
        int rows = grid[0];
        int cols = grid[1];
        double cellW = (double) width / cols;
        double cellH = (double) height / rows;
        double[][] cellCentres = new double[config.k()][];
        List<BoundingBox> regions = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double cx = (c + 0.5) * cellW;
                double cy = (r + 0.5) * cellH;
                cellCentres[r * cols + c] = new double[] {cx, cy};
                regions.add(RegionPlacer.place(cx, cy, config.regionSize(), width, height));
            }
        }
        int[] assignment = new int[centres.length];
        for (int i = 0; i < centres.length; i++) {
            int c = clampIndex((int) Math.floor(centres[i][0] / cellW), cols);
            int r = clampIndex((int) Math.floor(centres[i][1] / cellH), rows);
            assignment[i] = r * cols + c;
        }
        return RegionAssembly.assemble(regions, cellCentres, assignment, centres, objectness, roiFeatures,
                image, config.m(), imageNormalization);
    }

    private static int clampIndex(int v, int n) {
        return Math.max(0, Math.min(v, n - 1));
    }
}
