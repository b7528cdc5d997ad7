package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;

/**
 * One source and one target image's mined regions as the adversarial terms read them.
 *
 * @param sourceFeatures {@code (K, m, d)} source region features (detached, or on the detector's graph in step 4)
 * @param sourcePatches  {@code (K, 3, S, S)} real source patches in [-1, 1]
 * @param targetFeatures {@code (K, m, d)} target region features
 * @param targetPatches  {@code (K, 3, S, S)} real target patches
 */
record RegionPair(NDArray sourceFeatures, NDArray sourcePatches, NDArray targetFeatures, NDArray targetPatches) {
}
