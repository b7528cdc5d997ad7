package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * The shared pairing ({@link Pairing#SHARED}, after LSD-seg): one generator G for both domains'
 * regions and one four-way patch discriminator D over {@link #SOURCE_REAL}, {@link #SOURCE_FAKE},
 * {@link #TARGET_REAL}, {@link #TARGET_FAKE}.
 * <ul>
 *   <li>step 1: D puts real source patches in source-real, G(source) in source-fake, real
 *       target patches in target-real, G(target) in target-fake (target terms weighted by Wt as
 *       {@link WeightingTarget} says);</li>
 *   <li>step 3: G(source) should look source-real, G(target) target-real (weighted), plus the
 *       L1 to the real patches when asked;</li>
 *   <li>step 4: G(source) should look target-real and G(target) source-real (weighted): the
 *       detector moves each domain's region features towards what G turns into the other
 *       domain's images.</li>
 * </ul>
 */
final class SharedTerms extends AdversarialTerms {
    /** Class of real source patches. */
    static final int SOURCE_REAL = 0;
    /** Class of patches generated from source regions. */
    static final int SOURCE_FAKE = 1;
    /** Class of real target patches. */
    static final int TARGET_REAL = 2;
    /** Class of patches generated from target regions. */
    static final int TARGET_FAKE = 3;
    private static final int CLASSES = 4;

    private final PatchGenerator generator;
    private final PatchDiscriminator discriminator;
    private final WeightingTarget weightingTarget;

    private SharedTerms(PatchGenerator generator, PatchDiscriminator discriminator, WeightingTarget weightingTarget) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.weightingTarget = weightingTarget;
    }

    /** G, then the four-way D. */
    static SharedTerms create(AlignmentConfig config, AlignmentShapes shapes, ModuleInit init) {
        PatchGenerator g = init.generator(newGenerator(config, shapes), featureShape(shapes));
        PatchDiscriminator d = init.discriminator(newDiscriminator(config, shapes, CLASSES), patchShape(shapes));
        return new SharedTerms(g, d, config.weightingTarget());
    }

    @Override
    Terms discriminator(ParameterStore store, RegionPair r, NDArray weights) {
        NDArray[] fakes = GradMode.off(() -> new NDArray[] {
            generator.generate(store, r.sourceFeatures(), true),
            generator.generate(store, r.targetFeatures(), true)});
        NDArray source = RegionAlignmentLosses.weightedPair(
                RegionAlignmentLosses.perRegionClass(discriminator.judge(store, r.sourcePatches(), true), SOURCE_REAL),
                RegionAlignmentLosses.perRegionClass(discriminator.judge(store, fakes[0], true), SOURCE_FAKE),
                null, weightingTarget);
        NDArray target = RegionAlignmentLosses.weightedPair(
                RegionAlignmentLosses.perRegionClass(discriminator.judge(store, r.targetPatches(), true), TARGET_REAL),
                RegionAlignmentLosses.perRegionClass(discriminator.judge(store, fakes[1], true), TARGET_FAKE),
                weights, weightingTarget);
        return new Terms(source, target);
    }

    @Override
    Terms generator(ParameterStore store, RegionPair r, NDArray weights, boolean withReconstruction) {
        NDArray fakeSource = generator.generate(store, r.sourceFeatures(), true);
        NDArray fakeTarget = generator.generate(store, r.targetFeatures(), true);
        NDArray source = RegionAlignmentLosses.classLoss(discriminator.judge(store, fakeSource, true), SOURCE_REAL, null);
        NDArray target = RegionAlignmentLosses.classLoss(discriminator.judge(store, fakeTarget, true), TARGET_REAL,
                weights);
        return new Terms(source, target, withReconstruction ? CrossDomainTerms.reconstruction(fakeSource,
                r.sourcePatches(), fakeTarget, r.targetPatches()) : null);
    }

    @Override
    Terms detector(ParameterStore store, RegionPair r, NDArray weights) {
        NDArray fakeSource = generator.generate(store, r.sourceFeatures(), true);
        NDArray fakeTarget = generator.generate(store, r.targetFeatures(), true);
        NDArray source = RegionAlignmentLosses.classLoss(discriminator.judge(store, fakeSource, true), TARGET_REAL, null);
        NDArray target = RegionAlignmentLosses.classLoss(discriminator.judge(store, fakeTarget, true), SOURCE_REAL,
                weights);
        return new Terms(source, target);
    }

    @Override
    NDArray generate(ParameterStore store, NDArray features, boolean sourceDomain, boolean training) {
        return generator.generate(store, features, training);
    }

    @Override
    List<Block> blocks() {
        return List.of(generator, discriminator);
    }
}
