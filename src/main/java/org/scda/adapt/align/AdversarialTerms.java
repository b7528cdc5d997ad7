package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * Which module judges which patches: the losses of the discriminator (step 1), generator
 * (step 3) and detector (step 4) updates for one {@link Pairing} or ablation, over the modules it
 * owns. {@link RegionAlignment} owns the parameter groups, the optimisers, Wt and the gradient
 * discipline, and calls these inside its updates. Target terms come weighted by Wt
 * ({@code weights}, detached, {@code (K)}); the terms are means over regions.
 */
abstract class AdversarialTerms {

    /**
     * One update's terms.
     *
     * @param source         the source-domain term (scalar)
     * @param target         the target-domain term, weighted by Wt (scalar)
     * @param reconstruction the unweighted L1 between generated and real patches, source plus
     *                       target (scalar), when asked for; else null
     */
    record Terms(NDArray source, NDArray target, NDArray reconstruction) {
        Terms(NDArray source, NDArray target) {
            this(source, target, null);
        }
    }

    /** Initialises a block and puts its parameters in the generators' or the discriminators' group. */
    interface ModuleInit {
        /** A generator's block, initialised for {@code inputShape}. */
        <B extends Block> B generator(B block, Shape inputShape);

        /** A discriminator's block, initialised for {@code inputShape}. */
        <B extends Block> B discriminator(B block, Shape inputShape);
    }

    /** Step 1: the discriminators' losses; the features are detached, generated patches are constants. */
    abstract Terms discriminator(ParameterStore store, RegionPair regions, NDArray weights);

    /**
     * Step 3: the generators' losses (not called without generators).
     *
     * @param withReconstruction also compute {@link Terms#reconstruction()}
     */
    abstract Terms generator(ParameterStore store, RegionPair regions, NDArray weights, boolean withReconstruction);

    /** Step 4: the detector's cross-domain terms, on the graph of the features given. */
    abstract Terms detector(ParameterStore store, RegionPair regions, NDArray weights);

    /**
     * The patches generated from one domain's region features (for pictures).
     *
     * @return {@code (K, 3, S, S)}, or null without generators
     */
    abstract NDArray generate(ParameterStore store, NDArray features, boolean sourceDomain, boolean training);

    /** The modules, in the order their parameters are saved. */
    abstract List<Block> blocks();

    /** The terms the config asks for, their modules made and initialised through {@code init}. */
    static AdversarialTerms create(AlignmentConfig config, AlignmentShapes shapes, ModuleInit init) {
        Ablations ab = config.ablations();
        if (ab.withoutGenerators()) {
            return FeatureTerms.create(shapes, init);
        }
        if (ab.withoutDiscriminators()) {
            return ReconstructionTerms.create(config, shapes, init);
        }
        return config.pairing() == Pairing.SHARED ? SharedTerms.create(config, shapes, init)
                : CrossDomainTerms.create(config, shapes, init);
    }

    /** A generator for the config's residual blocks and the shapes' patch and map sizes. */
    static PatchGenerator newGenerator(AlignmentConfig config, AlignmentShapes shapes) {
        PatchGenerator.Builder b = PatchGenerator.builder()
                .setFeatureDim(shapes.featureDim())
                .setFeaturesPerRegion(shapes.featuresPerRegion())
                .setPatchSize(shapes.patchHeight(), shapes.patchWidth())
                .optResidualBlocks(config.generatorResidualBlocks());
        if (shapes.mapHeight() > 0) {
            b.optMapSize(shapes.mapHeight(), shapes.mapWidth());
        }
        return b.build();
    }

    /** A patch discriminator with {@code outputs} logits per location, as deep as the config says. */
    static PatchDiscriminator newDiscriminator(AlignmentConfig config, AlignmentShapes shapes, int outputs) {
        int side = Math.min(shapes.patchHeight(), shapes.patchWidth());
        int layers = config.discriminatorLayersFor(side);
        if (config.discriminatorLayers() > 0 && (1 << layers) > side) {
            throw new IllegalArgumentException("discriminatorLayers " + layers + " needs patches of at least "
                    + (1 << layers) + " pixels a side; these are " + shapes.patchWidth() + "x" + shapes.patchHeight());
        }
        return PatchDiscriminator.create(layers, 32, 0.2f, outputs);
    }

    /** The input shape of a generator (and of the feature discriminator): one region's features. */
    static Shape featureShape(AlignmentShapes shapes) {
        return new Shape(1, shapes.featuresPerRegion(), shapes.featureDim());
    }

    /** The input shape of a patch discriminator: one patch. */
    static Shape patchShape(AlignmentShapes shapes) {
        return new Shape(1, 3, shapes.patchHeight(), shapes.patchWidth());
    }
}
