package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How images are resized before the network.
 *
 * @param shortSide resize so the shorter side is this many pixels (the benchmark's 256x128
 *                  images keep their size at 128)
 * @param maxSize   cap on the longer side after resizing
 * @param flip      random horizontal flips during training
 */
public record InputConfig(
        @JsonPropertyDescription("shorter image side after resizing, pixels") int shortSide,
        @JsonPropertyDescription("cap on the longer side after resizing, pixels") int maxSize,
        @JsonPropertyDescription("random horizontal flip while training") boolean flip) {

    public InputConfig {
        if (shortSide <= 0 || maxSize < shortSide) {
            throw new IllegalArgumentException("input: need 0 < shortSide <= maxSize, got " + shortSide + ", " + maxSize);
        }
    }
}
