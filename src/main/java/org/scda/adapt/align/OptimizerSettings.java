package org.scda.adapt.align;

/**
 * Optimiser hyperparameters of the alignment modules. Ds, Dt and Dw share the SGD settings
 * (the paper: SGD, learning rate 1e-4, weight decay 5e-4); Gs and Gt use Adam (learning rate
 * 1e-4, betas 0.9 / 0.99).
 *
 * @param discriminatorLr SGD learning rate of Ds, Dt, Dw
 * @param discriminatorWeightDecay SGD weight decay of Ds, Dt, Dw
 * @param discriminatorMomentum SGD momentum; the paper does not state one, 0.9 is the usual
 *     Faster R-CNN setting (0 gives plain SGD)
 * @param generatorLr Adam learning rate of Gs, Gt
 * @param generatorBeta1 Adam beta1
 * @param generatorBeta2 Adam beta2
 */
public record OptimizerSettings(float discriminatorLr, float discriminatorWeightDecay, float discriminatorMomentum,
                                float generatorLr, float generatorBeta1, float generatorBeta2) {

    /** The paper's settings (momentum 0.9 is ours). */
    public static final OptimizerSettings PAPER = new OptimizerSettings(1e-4f, 5e-4f, 0.9f, 1e-4f, 0.9f, 0.99f);

    public OptimizerSettings {
        if (!(discriminatorLr > 0 && generatorLr > 0 && discriminatorWeightDecay >= 0
                && discriminatorMomentum >= 0 && discriminatorMomentum < 1
                && generatorBeta1 >= 0 && generatorBeta1 < 1 && generatorBeta2 >= 0 && generatorBeta2 < 1)) {
            throw new IllegalArgumentException("bad optimiser settings: " + discriminatorLr + ", "
                    + discriminatorWeightDecay + ", " + discriminatorMomentum + ", " + generatorLr + ", "
                    + generatorBeta1 + ", " + generatorBeta2);
        }
    }

    /** These settings with both learning rates replaced. */
    public OptimizerSettings withLearningRates(float discriminator, float generator) {
        return new OptimizerSettings(discriminator, discriminatorWeightDecay, discriminatorMomentum, generator,
                generatorBeta1, generatorBeta2);
    }
}
