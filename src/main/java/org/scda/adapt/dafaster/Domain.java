package org.scda.adapt.dafaster;

/**
 * The domain labels the DA Faster R-CNN classifiers are trained to predict. The convention is
 * source 0, target 1 (a classifier's sigmoid output is its probability that the input comes
 * from the target domain). The reference PyTorch port labels source 1; the adversarial
 * objective is symmetric in the labels, so only the sign of the logits differs.
 */
public final class Domain {
    /** Label of labelled source-domain images. */
    public static final int SOURCE = 0;
    /** Label of unlabelled target-domain images. */
    public static final int TARGET = 1;

    private Domain() {
    }

    /**
     * Checks a domain label.
     *
     * @return {@code domain} as the float BCE target
     * @throws IllegalArgumentException unless {@code domain} is {@link #SOURCE} or {@link #TARGET}
     */
    public static float target(int domain) {
        if (domain != SOURCE && domain != TARGET) {
            throw new IllegalArgumentException("domain must be 0 (source) or 1 (target), got " + domain);
        }
        return domain;
    }
}
