package org.scda.adapt.align;

/**
 * The ablation switches of the paper's Tables 5-7, plus the public release's gradient break.
 *
 * @param withoutGenerators align the region features directly: a feature-level domain
 *     discriminator (the {@link WeightingEstimator} architecture) replaces Gs/Gt/Ds/Dt; source
 *     features are labelled 1, target 0, and F is trained with the labels flipped
 * @param withoutDiscriminators reconstruction loss only: Gs/Gt and F minimise the L1 distance
 *     between generated and real patches; no Ds/Dt
 * @param withoutEstimator Wt = 1 for every target region; no Dw
 * @param global one "region" per image: the whole image reconstructed from the backbone map
 *     ({@link GlobalRegions})
 * @param fixedLocation regions on a uniform grid instead of k-means centroids
 *     ({@link org.scda.adapt.mining.FixedGridMiner})
 * @param detachRegionFeatures cut the gradient from the alignment loss to the detector, as the
 *     authors' release did
 */
public record Ablations(boolean withoutGenerators, boolean withoutDiscriminators, boolean withoutEstimator,
                        boolean global, boolean fixedLocation, boolean detachRegionFeatures) {

    /** The full method. */
    public static final Ablations NONE = new Ablations(false, false, false, false, false, false);

    public Ablations {
        if (withoutGenerators && withoutDiscriminators) {
            throw new IllegalArgumentException("without generators and without discriminators leaves nothing to align");
        }
        if (global && fixedLocation) {
            throw new IllegalArgumentException("global and fixed-location are alternative region choices");
        }
    }

    /** With {@code withoutGenerators} set. */
    public Ablations withoutGenerators(boolean v) {
        return new Ablations(v, withoutDiscriminators, withoutEstimator, global, fixedLocation, detachRegionFeatures);
    }

    /** With {@code withoutDiscriminators} set. */
    public Ablations withoutDiscriminators(boolean v) {
        return new Ablations(withoutGenerators, v, withoutEstimator, global, fixedLocation, detachRegionFeatures);
    }

    /** With {@code withoutEstimator} set. */
    public Ablations withoutEstimator(boolean v) {
        return new Ablations(withoutGenerators, withoutDiscriminators, v, global, fixedLocation, detachRegionFeatures);
    }

    /** With {@code global} set. */
    public Ablations global(boolean v) {
        return new Ablations(withoutGenerators, withoutDiscriminators, withoutEstimator, v, fixedLocation,
                detachRegionFeatures);
    }

    /** With {@code fixedLocation} set. */
    public Ablations fixedLocation(boolean v) {
        return new Ablations(withoutGenerators, withoutDiscriminators, withoutEstimator, global, v,
                detachRegionFeatures);
    }

    /** With {@code detachRegionFeatures} set. */
    public Ablations detachRegionFeatures(boolean v) {
        return new Ablations(withoutGenerators, withoutDiscriminators, withoutEstimator, global, fixedLocation, v);
    }
}
