package org.scda.adapt.core;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The ablation switches of an adaptation run (the paper's Tables 5-7 and the release's
 * gradient break), as written in a config file; the region alignment reads them as its
 * {@code Ablations}, which also refuses incompatible combinations.
 *
 * @param withoutGenerators     align region features directly with a feature discriminator
 * @param withoutDiscriminators reconstruction loss only
 * @param withoutEstimator      Wt = 1
 * @param global                one region per image: the whole image from the backbone map
 * @param fixedLocation         regions on a uniform grid instead of k-means centroids
 * @param detachRegionFeatures  cut the alignment gradient to the detector (the public release)
 */
public record AblationSettings(
        @JsonPropertyDescription("no Gs/Gt/Ds/Dt: a feature-level discriminator on region features") boolean withoutGenerators,
        @JsonPropertyDescription("no Ds/Dt: L1 reconstruction of the real patches only") boolean withoutDiscriminators,
        @JsonPropertyDescription("no Dw: every target region weighs 1") boolean withoutEstimator,
        @JsonPropertyDescription("whole image reconstructed from the backbone map") boolean global,
        @JsonPropertyDescription("regions on a fixed grid, proposals assigned by centre") boolean fixedLocation,
        @JsonPropertyDescription("stop the alignment gradient at the region features") boolean detachRegionFeatures) {

    /** The full method: every switch off. */
    public static final AblationSettings NONE = new AblationSettings(false, false, false, false, false, false);
}
