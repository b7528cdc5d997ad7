package org.scda.adapt.mining;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.scda.data.BoundingBox;

/**
 * The mined regions of one image.
 *
 * @param features {@code (K, m, d)} RoI features gathered per region; a differentiable gather
 *     of the input RoI features, so gradients flow back to the rows that were selected
 * @param regions the K square regions in image pixels (whole-pixel corners, inside the image)
 * @param centroids {@code K x 2}: the centre each region was placed on ({@code {cx, cy}},
 *     before shifting inside the image)
 * @param realPatches {@code (K, 3, S, S)}: crops of the image at the regions, no resize,
 *     detached, in the generators' range [-1, 1] (converted from the image's normalisation)
 * @param memberIndices {@code K x m}: the proposal index behind each row of {@code features}
 */
public record MinedRegions(NDArray features, List<BoundingBox> regions, float[][] centroids,
                           NDArray realPatches, int[][] memberIndices) {

    public MinedRegions {
        regions = List.copyOf(regions);
    }

    /** The number of regions K. */
    public int numRegions() {
        return regions.size();
    }

    /** The number of features per region m. */
    public int featuresPerRegion() {
        return memberIndices.length == 0 ? 0 : memberIndices[0].length;
    }
}
