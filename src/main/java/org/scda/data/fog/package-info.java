/**
 * Synthetic fog: the Koschmieder model ({@link org.scda.data.fog.Koschmieder}) applied with a
 * per-pixel depth map, depth maps from Cityscapes disparity or a flat-ground prior
 * ({@link org.scda.data.fog.DepthMaps}), and {@link org.scda.data.fog.FogSynthesizer}, which
 * fogs a whole image folder with Foggy Cityscapes file names. The synthetic benchmark
 * ({@code org.scda.data.synth}) uses the same model for its foggy target domain.
 */
package org.scda.data.fog;
