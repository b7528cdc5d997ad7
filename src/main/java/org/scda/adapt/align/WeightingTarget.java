package org.scda.adapt.align;

/**
 * Which part of a target discriminator's loss the region weights Wt multiply in the
 * discriminator update (Eq. 4 and section 3.4: "L_D = L_adv,Ds + Wt L_adv,Dt"). The generator's
 * and the detector's target terms are weighted either way.
 */
public enum WeightingTarget implements ConfigChoice {
    /** The paper's text: Wt times the whole target loss, real and generated patches. */
    WHOLE("whole"),
    /** The authors' release: Wt times the generated-patch term only; real target patches weigh 1. */
    FAKE("fake");

    private final String configName;

    WeightingTarget(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** The constant spelt {@code value} in a config file. */
    public static WeightingTarget parse(String key, String value) {
        return ConfigChoice.parse(WeightingTarget.class, key, value);
    }
}
