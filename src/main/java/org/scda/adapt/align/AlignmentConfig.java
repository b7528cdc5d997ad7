package org.scda.adapt.align;

import org.scda.adapt.mining.FixedGridMiner;
import org.scda.adapt.mining.ImageNormalization;
import org.scda.adapt.mining.Miner;
import org.scda.adapt.mining.RegionMiner;

/**
 * Everything the region alignment needs besides tensor shapes.
 *
 * @param preset K, m and region size
 * @param lambda weight of the detector's alignment loss (the paper: 0.1)
 * @param ablations switches of the ablation studies
 * @param optimizers learning rates and friends
 * @param softEstimatorLabels train Dw with the release's soft labels (source ~ U(0.8, 1),
 *     target ~ U(0, 0.3)) instead of 1 / 0
 * @param generatorResidualBlocks residual blocks at the start of each generator (the release: 3;
 *     fewer make CPU runs faster)
 */
public record AlignmentConfig(AlignmentPreset preset, float lambda, Ablations ablations,
                              OptimizerSettings optimizers, boolean softEstimatorLabels,
                              int generatorResidualBlocks) {

    /** The release's number of generator residual blocks. */
    public static final int DEFAULT_RESIDUAL_BLOCKS = 3;

    /** The paper's lambda. */
    public static final float PAPER_LAMBDA = 0.1f;

    public AlignmentConfig {
        if (preset == null || ablations == null || optimizers == null) {
            throw new IllegalArgumentException("preset, ablations and optimizers are required");
        }
        if (!(lambda >= 0) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and non-negative, got " + lambda);
        }
        if (generatorResidualBlocks < 0) {
            throw new IllegalArgumentException("generator residual blocks must be >= 0, got " + generatorResidualBlocks);
        }
    }

    /** The full method with the paper's lambda and optimisers for a preset. */
    public static AlignmentConfig of(AlignmentPreset preset) {
        return new AlignmentConfig(preset, PAPER_LAMBDA, Ablations.NONE, OptimizerSettings.PAPER, false,
                DEFAULT_RESIDUAL_BLOCKS);
    }

    /** This config with other ablation switches. */
    public AlignmentConfig withAblations(Ablations newAblations) {
        return new AlignmentConfig(preset, lambda, newAblations, optimizers, softEstimatorLabels, generatorResidualBlocks);
    }

    /** This config with other optimiser settings. */
    public AlignmentConfig withOptimizers(OptimizerSettings newOptimizers) {
        return new AlignmentConfig(preset, lambda, ablations, newOptimizers, softEstimatorLabels, generatorResidualBlocks);
    }

    /** This config with another lambda. */
    public AlignmentConfig withLambda(float newLambda) {
        return new AlignmentConfig(preset, newLambda, ablations, optimizers, softEstimatorLabels, generatorResidualBlocks);
    }

    /** This config with soft estimator labels on or off. */
    public AlignmentConfig withSoftEstimatorLabels(boolean soft) {
        return new AlignmentConfig(preset, lambda, ablations, optimizers, soft, generatorResidualBlocks);
    }

    /** This config with another number of generator residual blocks. */
    public AlignmentConfig withGeneratorResidualBlocks(int blocks) {
        return new AlignmentConfig(preset, lambda, ablations, optimizers, softEstimatorLabels, blocks);
    }

    /**
     * The miner for this config: a {@link FixedGridMiner} for the fixed-location ablation, else
     * a {@link RegionMiner}.
     *
     * @throws IllegalStateException for the global variant, which takes the backbone map
     *     ({@link GlobalRegions}) instead of proposals
     */
    public Miner newMiner(long seed) {
        return newMiner(seed, ImageNormalization.HALF);
    }

    /**
     * As {@link #newMiner(long)} for images normalised as given (e.g.
     * {@link ImageNormalization#IMAGENET}); the real patches come out in [-1, 1].
     */
    public Miner newMiner(long seed, ImageNormalization imageNormalization) {
        if (ablations.global()) {
            throw new IllegalStateException("the global variant uses GlobalRegions.fromBackbone, not a miner");
        }
        return ablations.fixedLocation()
                ? new FixedGridMiner(preset.miningConfig(seed), imageNormalization)
                : new RegionMiner(preset.miningConfig(seed), imageNormalization);
    }
}
