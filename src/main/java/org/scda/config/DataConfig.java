package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Which datasets a run uses, as dataset specs ({@code FORMAT:PATH[?k=v]}).
 *
 * @param source    labelled training data
 * @param sourceVal labelled validation data of the source domain (model selection)
 * @param targetVal labelled validation data of the target domain (reporting only), or null
 * @param valLimit  evaluate on at most this many images during training (0: all)
 */
public record DataConfig(
        @JsonPropertyDescription("labelled training dataset spec") String source,
        @JsonPropertyDescription("source validation dataset spec (model selection)") String sourceVal,
        @JsonPropertyDescription("target validation dataset spec (reporting only), optional") String targetVal,
        @JsonPropertyDescription("images used by periodic evaluation, 0 = all") int valLimit) {
}
