package org.scda.adapt.align;

/**
 * The optimiser of Ds, Dt and Dw (and of the feature discriminator of the without-generators
 * ablation). Both use the discriminators' learning rate and weight decay.
 */
public enum DiscriminatorOptimizer implements ConfigChoice {
    /** The paper: "For learning the discriminators, we use the SGD with the learning rate of 1e-4". */
    SGD("sgd"),
    /** The authors' release: Adam, betas 0.9 / 0.999, for every module. */
    ADAM("adam");

    private final String configName;

    DiscriminatorOptimizer(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** The constant spelt {@code value} in a config file. */
    public static DiscriminatorOptimizer parse(String key, String value) {
        return ConfigChoice.parse(DiscriminatorOptimizer.class, key, value);
    }
}
