package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * How images are resized before the network, and how training images are augmented.
 *
 * @param shortSide resize so the shorter side is this many pixels (the benchmark's 256x128
 *                  images keep their size at 128)
 * @param maxSize   cap on the longer side after resizing
 * @param flip      random horizontal flips during training
 * @param augment   photometric augmentation of labelled training images: {@value #AUGMENT_NONE}
 *                  (the default; absent from a file or checkpoint means this) or
 *                  {@value #AUGMENT_STRONG} (colour jitter, grayscale, blur and random erasing of
 *                  the mean-teacher recipes, {@code org.scda.data.transform.StrongAugmentation})
 */
public record InputConfig(
        @JsonPropertyDescription("shorter image side after resizing, pixels") int shortSide,
        @JsonPropertyDescription("cap on the longer side after resizing, pixels") int maxSize,
        @JsonPropertyDescription("random horizontal flip while training") boolean flip,
        @JsonPropertyDescription("none | strong: photometric augmentation of labelled training images") String augment) {

    /** No augmentation beyond {@link #flip}. */
    public static final String AUGMENT_NONE = "none";
    /** The strong photometric augmentation of the mean-teacher recipes. */
    public static final String AUGMENT_STRONG = "strong";
    /** The values {@link #augment} may take. */
    public static final List<String> AUGMENTS = List.of(AUGMENT_NONE, AUGMENT_STRONG);

    public InputConfig {
        if (shortSide <= 0 || maxSize < shortSide) {
            throw new IllegalArgumentException("input: need 0 < shortSide <= maxSize, got " + shortSide + ", " + maxSize);
        }
        if (augment == null) {
            augment = AUGMENT_NONE;
        }
        if (!AUGMENTS.contains(augment)) {
            throw new IllegalArgumentException("model.input.augment must be 'none' or 'strong', got '" + augment + "'");
        }
    }

    /** Whether training images get the strong augmentation. */
    public boolean strongAugment() {
        return AUGMENT_STRONG.equals(augment);
    }
}
