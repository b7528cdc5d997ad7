package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * The without-generators ablation: a feature-level domain discriminator (the
 * {@link WeightingEstimator} architecture) on the region features, source = 1, target = 0
 * (weighted by Wt); the detector is trained with the labels flipped. No generator update.
 */
final class FeatureTerms extends AdversarialTerms {
    private final WeightingEstimator discriminator;

    private FeatureTerms(WeightingEstimator discriminator) {
        this.discriminator = discriminator;
    }

    /** The feature discriminator. */
    static FeatureTerms create(AlignmentShapes shapes, ModuleInit init) {
        return new FeatureTerms(init.discriminator(WeightingEstimator.create(shapes.featureDim()), featureShape(shapes)));
    }

    @Override
    Terms discriminator(ParameterStore store, RegionPair r, NDArray weights) {
        return new Terms(RegionAlignmentLosses.realLoss(discriminator.score(store, r.sourceFeatures(), true), null),
                RegionAlignmentLosses.fakeLoss(discriminator.score(store, r.targetFeatures(), true), weights));
    }

    @Override
    Terms generator(ParameterStore store, RegionPair regions, NDArray weights, boolean withReconstruction) {
        throw new IllegalStateException("the without-generators ablation has no generator update");
    }

    @Override
    Terms detector(ParameterStore store, RegionPair r, NDArray weights) {
        return new Terms(RegionAlignmentLosses.fakeLoss(discriminator.score(store, r.sourceFeatures(), true), null),
                RegionAlignmentLosses.realLoss(discriminator.score(store, r.targetFeatures(), true), weights));
    }

    @Override
    NDArray generate(ParameterStore store, NDArray features, boolean sourceDomain, boolean training) {
        return null;
    }

    @Override
    List<Block> blocks() {
        return List.of(discriminator);
    }
}
