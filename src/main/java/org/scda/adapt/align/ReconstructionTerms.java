package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * The without-discriminators ablation: Gs and Gt only; the generators and the detector both
 * minimise the L1 between generated and real patches (target regions weighted by Wt).
 */
final class ReconstructionTerms extends AdversarialTerms {
    private final PatchGenerator sourceGenerator;
    private final PatchGenerator targetGenerator;

    private ReconstructionTerms(PatchGenerator sourceGenerator, PatchGenerator targetGenerator) {
        this.sourceGenerator = sourceGenerator;
        this.targetGenerator = targetGenerator;
    }

    /** Gs, then Gt. */
    static ReconstructionTerms create(AlignmentConfig config, AlignmentShapes shapes, ModuleInit init) {
        PatchGenerator gs = init.generator(newGenerator(config, shapes), featureShape(shapes));
        PatchGenerator gt = init.generator(newGenerator(config, shapes), featureShape(shapes));
        return new ReconstructionTerms(gs, gt);
    }

    @Override
    Terms discriminator(ParameterStore store, RegionPair regions, NDArray weights) {
        throw new IllegalStateException("the without-discriminators ablation has no discriminator update");
    }

    @Override
    Terms generator(ParameterStore store, RegionPair r, NDArray weights, boolean withReconstruction) {
        return reconstruction(store, r, weights);
    }

    @Override
    Terms detector(ParameterStore store, RegionPair r, NDArray weights) {
        return reconstruction(store, r, weights);
    }

    private Terms reconstruction(ParameterStore store, RegionPair r, NDArray weights) {
        NDArray fakeSource = sourceGenerator.generate(store, r.sourceFeatures(), true);
        NDArray fakeTarget = targetGenerator.generate(store, r.targetFeatures(), true);
        return new Terms(RegionAlignmentLosses.reconstructionLoss(fakeSource, r.sourcePatches(), null),
                RegionAlignmentLosses.reconstructionLoss(fakeTarget, r.targetPatches(), weights));
    }

    @Override
    NDArray generate(ParameterStore store, NDArray features, boolean sourceDomain, boolean training) {
        return (sourceDomain ? sourceGenerator : targetGenerator).generate(store, features, training);
    }

    @Override
    List<Block> blocks() {
        return List.of(sourceGenerator, targetGenerator);
    }
}
