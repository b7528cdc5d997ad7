package org.scda.adapt.align;

/**
 * Which generator and discriminator the detector's cross-domain term pairs with each domain's
 * regions (the paper's {@code L^s_adv,F} and {@code L^t_adv,F}, section 3.3: "classifying the
 * fake source input as real target (i.e., feeding the target discriminator with fake source, and
 * similar operation for L^t_adv,F)"). The discriminator and generator updates are the same for
 * the first two; the third changes the modules.
 */
public enum Pairing implements ConfigChoice {
    /** The paper's text: Dt(Gs(source regions)) and Ds(Gt(target regions)) judged real. */
    PAPER_TEXT("paper-text"),
    /** The authors' release: Dt(Gt(source regions)) and Ds(Gs(target regions)) judged real. */
    RELEASE("release"),
    /**
     * LSD-seg (Sankaranarayanan et al., CVPR 2018, the paper's ref. [39]): one generator G for
     * both domains and one discriminator with four classes (source-real, source-fake,
     * target-real, target-fake); the detector's term asks that G(source regions) look
     * target-real and G(target regions) source-real.
     */
    SHARED("shared");

    private final String configName;

    Pairing(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** The constant spelt {@code value} in a config file. */
    public static Pairing parse(String key, String value) {
        return ConfigChoice.parse(Pairing.class, key, value);
    }
}
