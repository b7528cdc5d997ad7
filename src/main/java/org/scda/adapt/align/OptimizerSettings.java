package org.scda.adapt.align;

/**
 * Optimiser hyperparameters of the alignment modules. Ds, Dt and Dw share the discriminator
 * settings (the paper: SGD, learning rate 1e-4, weight decay 5e-4; the release: Adam); Gs and Gt
 * use Adam (learning rate 1e-4, betas 0.9 / 0.99).
 *
 * @param discriminatorLr learning rate of Ds, Dt, Dw
 * @param discriminatorWeightDecay weight decay of Ds, Dt, Dw
 * @param discriminatorMomentum SGD momentum; the paper does not state one, 0.9 is the usual
 *     Faster R-CNN setting (0 gives plain SGD); not used by Adam
 * @param generatorLr Adam learning rate of Gs, Gt
 * @param generatorBeta1 Adam beta1
 * @param generatorBeta2 Adam beta2
 * @param discriminatorOptimizer SGD (the paper) or Adam with betas
 *     {@value #RELEASE_BETA1} / {@value #RELEASE_BETA2} (the release)
 */
public record OptimizerSettings(float discriminatorLr, float discriminatorWeightDecay, float discriminatorMomentum,
                                float generatorLr, float generatorBeta1, float generatorBeta2,
                                DiscriminatorOptimizer discriminatorOptimizer) {

    /** The paper's settings (momentum 0.9 is ours). */
    public static final OptimizerSettings PAPER = new OptimizerSettings(1e-4f, 5e-4f, 0.9f, 1e-4f, 0.9f, 0.99f);

    /** Adam beta1 of the discriminators with {@link DiscriminatorOptimizer#ADAM} (the release's, torch's default). */
    public static final float RELEASE_BETA1 = 0.9f;
    /** Adam beta2 of the discriminators with {@link DiscriminatorOptimizer#ADAM}. */
    public static final float RELEASE_BETA2 = 0.999f;

    public OptimizerSettings {
        if (!(discriminatorLr > 0 && generatorLr > 0 && discriminatorWeightDecay >= 0
                && discriminatorMomentum >= 0 && discriminatorMomentum < 1
                && generatorBeta1 >= 0 && generatorBeta1 < 1 && generatorBeta2 >= 0 && generatorBeta2 < 1)
                || discriminatorOptimizer == null) {
            throw new IllegalArgumentException("bad optimiser settings: " + discriminatorLr + ", "
                    + discriminatorWeightDecay + ", " + discriminatorMomentum + ", " + generatorLr + ", "
                    + generatorBeta1 + ", " + generatorBeta2 + ", " + discriminatorOptimizer);
        }
    }

    /** Settings with SGD for the discriminators. */
    public OptimizerSettings(float discriminatorLr, float discriminatorWeightDecay, float discriminatorMomentum,
                             float generatorLr, float generatorBeta1, float generatorBeta2) {
        this(discriminatorLr, discriminatorWeightDecay, discriminatorMomentum, generatorLr, generatorBeta1,
                generatorBeta2, DiscriminatorOptimizer.SGD);
    }

    /** These settings with both learning rates replaced. */
    public OptimizerSettings withLearningRates(float discriminator, float generator) {
        return new OptimizerSettings(discriminator, discriminatorWeightDecay, discriminatorMomentum, generator,
                generatorBeta1, generatorBeta2, discriminatorOptimizer);
    }

    /** These settings with another optimiser for the discriminators. */
    public OptimizerSettings withDiscriminatorOptimizer(DiscriminatorOptimizer optimizer) {
        return new OptimizerSettings(discriminatorLr, discriminatorWeightDecay, discriminatorMomentum, generatorLr,
                generatorBeta1, generatorBeta2, optimizer);
    }
}
