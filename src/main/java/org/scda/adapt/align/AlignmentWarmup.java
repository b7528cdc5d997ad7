package org.scda.adapt.align;

/**
 * How the alignment starts (section 4.1: "warmup strategy is used during training").
 */
public enum AlignmentWarmup implements ConfigChoice {
    /** The first {@code warmupFraction} of the iterations train the detector alone. */
    SOURCE_ONLY("source-only"),
    /**
     * The authors' release: alignment from the first iteration, its optimisers' learning rates
     * ramped up together with the detector's (here: the solver's linear warm-up factor).
     */
    RAMP("ramp");

    private final String configName;

    AlignmentWarmup(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** The constant spelt {@code value} in a config file. */
    public static AlignmentWarmup parse(String key, String value) {
        return ConfigChoice.parse(AlignmentWarmup.class, key, value);
    }
}
