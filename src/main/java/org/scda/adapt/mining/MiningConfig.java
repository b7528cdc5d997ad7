package org.scda.adapt.mining;

/**
 * Settings of one region miner.
 *
 * @param k number of regions per image (K in the paper's Table 1)
 * @param m number of RoI features per region after select-or-copy
 * @param regionSize side of the square regions and real patches, in image pixels
 * @param seed seed of the k-means++ initialisation; same seed and inputs give the same regions
 * @param maxIterations upper bound on Lloyd iterations
 */
public record MiningConfig(int k, int m, int regionSize, long seed, int maxIterations) {

    /** Default bound on Lloyd iterations: proposal centres converge in a handful. */
    public static final int DEFAULT_MAX_ITERATIONS = 50;

    public MiningConfig {
        if (k < 1 || m < 1 || regionSize < 1 || maxIterations < 1) {
            throw new IllegalArgumentException("k, m, regionSize and maxIterations must be positive: k=" + k
                    + " m=" + m + " regionSize=" + regionSize + " maxIterations=" + maxIterations);
        }
    }

    /** A config with the default iteration bound and seed 0. */
    public static MiningConfig of(int k, int m, int regionSize) {
        return new MiningConfig(k, m, regionSize, 0L, DEFAULT_MAX_ITERATIONS);
    }

    /** This config with another seed (e.g. one per iteration). */
    public MiningConfig withSeed(long newSeed) {
        return new MiningConfig(k, m, regionSize, newSeed, maxIterations);
    }
}
