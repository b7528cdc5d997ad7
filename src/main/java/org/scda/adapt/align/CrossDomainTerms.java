package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * The paper's modules: Gs and Ds for the source domain, Gt and Dt for the target.
 * <ul>
 *   <li>step 1: Ds tells real source patches from Gs(source), Dt real target patches from
 *       Gt(target), Wt on the whole target loss or its generated-patch term
 *       ({@link WeightingTarget});</li>
 *   <li>step 3: Gs judged real by Ds, Gt by Dt (weighted), plus the L1 to the real patches when
 *       asked;</li>
 *   <li>step 4, {@link Pairing#PAPER_TEXT}: Dt(Gs(source)) and Ds(Gt(target)) judged real;
 *       {@link Pairing#RELEASE}: Dt(Gt(source)) and Ds(Gs(target)).</li>
 * </ul>
 */
final class CrossDomainTerms extends AdversarialTerms {
    private final PatchGenerator sourceGenerator;
    private final PatchGenerator targetGenerator;
    private final PatchDiscriminator sourceDiscriminator;
    private final PatchDiscriminator targetDiscriminator;
    private final Pairing pairing;
    private final WeightingTarget weightingTarget;

    private CrossDomainTerms(PatchGenerator sourceGenerator, PatchGenerator targetGenerator,
                             PatchDiscriminator sourceDiscriminator, PatchDiscriminator targetDiscriminator,
                             Pairing pairing, WeightingTarget weightingTarget) {
        this.sourceGenerator = sourceGenerator;
        this.targetGenerator = targetGenerator;
        this.sourceDiscriminator = sourceDiscriminator;
        this.targetDiscriminator = targetDiscriminator;
        this.pairing = pairing;
        this.weightingTarget = weightingTarget;
    }

    /** Gs, Gt, Ds, Dt, initialised in that order. */
    static CrossDomainTerms create(AlignmentConfig config, AlignmentShapes shapes, ModuleInit init) {
        if (config.pairing() == Pairing.SHARED) {
            throw new IllegalArgumentException("the shared pairing has one generator: SharedTerms");
        }
        PatchGenerator gs = init.generator(newGenerator(config, shapes), featureShape(shapes));
        PatchGenerator gt = init.generator(newGenerator(config, shapes), featureShape(shapes));
        PatchDiscriminator ds = init.discriminator(newDiscriminator(config, shapes, 1), patchShape(shapes));
        PatchDiscriminator dt = init.discriminator(newDiscriminator(config, shapes, 1), patchShape(shapes));
        return new CrossDomainTerms(gs, gt, ds, dt, config.pairing(), config.weightingTarget());
    }

    @Override
    Terms discriminator(ParameterStore store, RegionPair r, NDArray weights) {
        NDArray[] fakes = GradMode.off(() -> new NDArray[] {
            sourceGenerator.generate(store, r.sourceFeatures(), true),
            targetGenerator.generate(store, r.targetFeatures(), true)});
        NDArray source = RegionAlignmentLosses.discriminatorLoss(
                sourceDiscriminator.judge(store, r.sourcePatches(), true),
                sourceDiscriminator.judge(store, fakes[0], true), null);
        NDArray target = RegionAlignmentLosses.discriminatorLoss(
                targetDiscriminator.judge(store, r.targetPatches(), true),
                targetDiscriminator.judge(store, fakes[1], true), weights, weightingTarget);
        return new Terms(source, target);
    }

    @Override
    Terms generator(ParameterStore store, RegionPair r, NDArray weights, boolean withReconstruction) {
        NDArray fakeSource = sourceGenerator.generate(store, r.sourceFeatures(), true);
        NDArray fakeTarget = targetGenerator.generate(store, r.targetFeatures(), true);
        NDArray source = RegionAlignmentLosses.realLoss(sourceDiscriminator.judge(store, fakeSource, true), null);
        NDArray target = RegionAlignmentLosses.realLoss(targetDiscriminator.judge(store, fakeTarget, true), weights);
        return new Terms(source, target, withReconstruction
                ? reconstruction(fakeSource, r.sourcePatches(), fakeTarget, r.targetPatches()) : null);
    }

    @Override
    Terms detector(ParameterStore store, RegionPair r, NDArray weights) {
        boolean release = pairing == Pairing.RELEASE;
        NDArray fakeSource = (release ? targetGenerator : sourceGenerator).generate(store, r.sourceFeatures(), true);
        NDArray fakeTarget = (release ? sourceGenerator : targetGenerator).generate(store, r.targetFeatures(), true);
        NDArray source = RegionAlignmentLosses.realLoss(targetDiscriminator.judge(store, fakeSource, true), null);
        NDArray target = RegionAlignmentLosses.realLoss(sourceDiscriminator.judge(store, fakeTarget, true), weights);
        return new Terms(source, target);
    }

    @Override
    NDArray generate(ParameterStore store, NDArray features, boolean sourceDomain, boolean training) {
        return (sourceDomain ? sourceGenerator : targetGenerator).generate(store, features, training);
    }

    @Override
    List<Block> blocks() {
        return List.of(sourceGenerator, targetGenerator, sourceDiscriminator, targetDiscriminator);
    }

    /** Unweighted L1 of both domains' generated patches to their real ones. */
    static NDArray reconstruction(NDArray fakeSource, NDArray realSource, NDArray fakeTarget, NDArray realTarget) {
        return RegionAlignmentLosses.reconstructionLoss(fakeSource, realSource, null)
                .add(RegionAlignmentLosses.reconstructionLoss(fakeTarget, realTarget, null));
    }
}
