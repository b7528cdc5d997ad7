package org.scda.adapt.mining;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.scda.data.BoundingBox;

/**
 * The paper's region mining: k-means (k-means++, seeded) on the proposal centres gives K
 * centroids; each centroid is the centre of a square region of the configured size, shifted
 * inside the image; select-or-copy picks exactly m proposals per cluster, whose RoI features
 * are gathered into {@code (K, m, d)}.
 */
public final class RegionMiner implements Miner {

    private final MiningConfig config;
    private final ImageNormalization imageNormalization;
    private final KMeans kMeans;

    /** A miner for one preset, for images normalised to [-1, 1] ({@link ImageNormalization#HALF}). */
    public RegionMiner(MiningConfig config) {
        this(config, ImageNormalization.HALF);
    }

    /**
     * A miner for one preset and images normalised as given; the real patches are converted to
     * [-1, 1].
     */
    public RegionMiner(MiningConfig config, ImageNormalization imageNormalization) {
        this.config = config;
        this.imageNormalization = imageNormalization;
        this.kMeans = new KMeans(config.k(), config.maxIterations());
    }

    /** The settings of this miner. */
    public MiningConfig config() {
        return config;
    }

    /** The same miner with another k-means seed. */
    public RegionMiner withSeed(long seed) {
        return new RegionMiner(config.withSeed(seed), imageNormalization);
    }

    @Override
    public MinedRegions mine(float[] boxes, float[] objectness, NDArray roiFeatures, NDArray image) {
        double[][] centres = RegionAssembly.checkAndCentres(boxes, objectness, roiFeatures, image,
                config.regionSize());
        int width = (int) image.getShape().get(3);
        int height = (int) image.getShape().get(2);
        KMeans.Result clusters = kMeans.fit(centres, config.seed());
        List<BoundingBox> regions = new ArrayList<>();
        for (double[] c : clusters.centroids()) {
            regions.add(RegionPlacer.place(c[0], c[1], config.regionSize(), width, height));
        }
        return RegionAssembly.assemble(regions, clusters.centroids(), clusters.assignment(), centres,
                objectness, roiFeatures, image, config.m(), imageNormalization);
    }
}
