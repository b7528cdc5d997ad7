package org.scda.adapt.align;

import java.util.function.Consumer;
import org.scda.adapt.mining.FixedGridMiner;
import org.scda.adapt.mining.ImageNormalization;
import org.scda.adapt.mining.Miner;
import org.scda.adapt.mining.RegionMiner;

/**
 * Everything the region alignment needs besides tensor shapes.
 *
 * <p>Where the paper can be read more than one way, the choice is a component here, the paper's
 * text (as first implemented) by default: {@link #pairing}, {@link #weightingTarget},
 * {@link OptimizerSettings#discriminatorOptimizer}, {@link #softEstimatorLabels},
 * {@link #generatorReconstruction}, {@link #discriminatorLayers}. A choice that needs modules an
 * ablation removes is refused, with the setting's config name first in the message.
 *
 * @param preset K, m and region size
 * @param lambda weight of the detector's alignment loss (the paper: 0.1)
 * @param ablations switches of the ablation studies
 * @param optimizers learning rates and friends
 * @param softEstimatorLabels train Dw with the release's soft labels (source ~ U(0.8, 1),
 *     target ~ U(0, 0.3)) instead of 1 / 0
 * @param generatorResidualBlocks residual blocks at the start of each generator (the release: 3;
 *     fewer make CPU runs faster)
 * @param pairing which generator and discriminator the detector's cross-domain terms use
 * @param weightingTarget what Wt multiplies in the target discriminator's loss
 * @param generatorReconstruction weight of an L1 term between generated and real patches in the
 *     generator update (0: none, the paper)
 * @param discriminatorLayers stride-2 convs of each patch discriminator, 0 = by patch size
 *     ({@link PatchDiscriminator#defaultLayers})
 */
public record AlignmentConfig(AlignmentPreset preset, float lambda, Ablations ablations,
                              OptimizerSettings optimizers, boolean softEstimatorLabels,
                              int generatorResidualBlocks, Pairing pairing, WeightingTarget weightingTarget,
                              float generatorReconstruction, int discriminatorLayers) {

    /** The release's number of generator residual blocks. */
    public static final int DEFAULT_RESIDUAL_BLOCKS = 3;

    /** The paper's lambda. */
    public static final float PAPER_LAMBDA = 0.1f;

    /** More stride-2 convs than this cannot fit any patch the presets make. */
    public static final int MAX_DISCRIMINATOR_LAYERS = 12;

    public AlignmentConfig {
        if (preset == null || ablations == null || optimizers == null || pairing == null || weightingTarget == null) {
            throw new IllegalArgumentException("preset, ablations, optimizers, pairing and weightingTarget are required");
        }
        if (!(lambda >= 0) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and non-negative, got " + lambda);
        }
        if (generatorResidualBlocks < 0) {
            throw new IllegalArgumentException("generatorResidualBlocks must be >= 0, got " + generatorResidualBlocks);
        }
        if (!(generatorReconstruction >= 0) || Float.isInfinite(generatorReconstruction)) {
            throw new IllegalArgumentException("generatorReconstruction must be finite and >= 0, got "
                    + generatorReconstruction);
        }
        if (discriminatorLayers < 0 || discriminatorLayers > MAX_DISCRIMINATOR_LAYERS) {
            throw new IllegalArgumentException("discriminatorLayers must be in [0, " + MAX_DISCRIMINATOR_LAYERS
                    + "] (0 = by patch size), got " + discriminatorLayers);
        }
        boolean patchGan = !ablations.withoutGenerators() && !ablations.withoutDiscriminators();
        String removed = "; the ablations remove " + (ablations.withoutGenerators() ? "the generators" : "the discriminators");
        if (!patchGan && pairing != Pairing.PAPER_TEXT) {
            throw new IllegalArgumentException("pairing " + pairing.configName()
                    + " needs patch generators and discriminators" + removed);
        }
        if (!patchGan && discriminatorLayers != 0) {
            throw new IllegalArgumentException("discriminatorLayers needs patch discriminators" + removed);
        }
        if (!patchGan && generatorReconstruction != 0) {
            throw new IllegalArgumentException("generatorReconstruction adds to an adversarial generator loss" + removed);
        }
        if (ablations.withoutDiscriminators() && weightingTarget != WeightingTarget.WHOLE) {
            throw new IllegalArgumentException("weightingTarget " + weightingTarget.configName()
                    + " needs a discriminator" + removed);
        }
    }

    /** The full method with the paper's lambda and optimisers for a preset, every choice the paper's text. */
    public static AlignmentConfig of(AlignmentPreset preset) {
        return new AlignmentConfig(preset, PAPER_LAMBDA, Ablations.NONE, OptimizerSettings.PAPER, false,
                DEFAULT_RESIDUAL_BLOCKS, Pairing.PAPER_TEXT, WeightingTarget.WHOLE, 0f, 0);
    }

    /** This config with other ablation switches. */
    public AlignmentConfig withAblations(Ablations newAblations) {
        return edit(b -> b.ablations = newAblations);
    }

    /** This config with other optimiser settings. */
    public AlignmentConfig withOptimizers(OptimizerSettings newOptimizers) {
        return edit(b -> b.optimizers = newOptimizers);
    }

    /** This config with another lambda. */
    public AlignmentConfig withLambda(float newLambda) {
        return edit(b -> b.lambda = newLambda);
    }

    /** This config with soft estimator labels on or off. */
    public AlignmentConfig withSoftEstimatorLabels(boolean soft) {
        return edit(b -> b.softEstimatorLabels = soft);
    }

    /** This config with another number of generator residual blocks. */
    public AlignmentConfig withGeneratorResidualBlocks(int blocks) {
        return edit(b -> b.generatorResidualBlocks = blocks);
    }

    /** This config with another pairing of the detector's cross-domain terms. */
    public AlignmentConfig withPairing(Pairing newPairing) {
        return edit(b -> b.pairing = newPairing);
    }

    /** This config with Wt acting on another part of the target discriminator's loss. */
    public AlignmentConfig withWeightingTarget(WeightingTarget newTarget) {
        return edit(b -> b.weightingTarget = newTarget);
    }

    /** This config with another weight of the generators' L1 reconstruction term. */
    public AlignmentConfig withGeneratorReconstruction(float weight) {
        return edit(b -> b.generatorReconstruction = weight);
    }

    /** This config with another discriminator depth (0 = by patch size). */
    public AlignmentConfig withDiscriminatorLayers(int layers) {
        return edit(b -> b.discriminatorLayers = layers);
    }

    /** The stride-2 convs of a patch discriminator for patches of {@code patchSide} (the shorter side). */
    public int discriminatorLayersFor(int patchSide) {
        return discriminatorLayers > 0 ? discriminatorLayers : PatchDiscriminator.defaultLayers(patchSide);
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

    private AlignmentConfig edit(Consumer<Editor> change) {
        Editor e = new Editor(this);
        change.accept(e);
        return new AlignmentConfig(e.preset, e.lambda, e.ablations, e.optimizers, e.softEstimatorLabels,
                e.generatorResidualBlocks, e.pairing, e.weightingTarget, e.generatorReconstruction,
                e.discriminatorLayers);
    }

    /** The components of a config being copied with one changed. */
    private static final class Editor {
        AlignmentPreset preset;
        float lambda;
        Ablations ablations;
        OptimizerSettings optimizers;
        boolean softEstimatorLabels;
        int generatorResidualBlocks;
        Pairing pairing;
        WeightingTarget weightingTarget;
        float generatorReconstruction;
        int discriminatorLayers;

        Editor(AlignmentConfig c) {
            preset = c.preset;
            lambda = c.lambda;
            ablations = c.ablations;
            optimizers = c.optimizers;
            softEstimatorLabels = c.softEstimatorLabels;
            generatorResidualBlocks = c.generatorResidualBlocks;
            pairing = c.pairing;
            weightingTarget = c.weightingTarget;
            generatorReconstruction = c.generatorReconstruction;
            discriminatorLayers = c.discriminatorLayers;
        }
    }
}
