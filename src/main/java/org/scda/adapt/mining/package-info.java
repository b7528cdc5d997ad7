/**
 * Region mining ("where to look", paper section 3.2). Pure host-side pieces ({@link
 * org.scda.adapt.mining.KMeans}, {@link org.scda.adapt.mining.RegionPlacer}, {@link
 * org.scda.adapt.mining.SelectOrCopy}) and two miners composing them with one differentiable
 * gather of the RoI features: {@link org.scda.adapt.mining.RegionMiner} (clusters of proposal
 * centres) and {@link org.scda.adapt.mining.FixedGridMiner} (a uniform grid, the fixed-location
 * ablation). Both return {@link org.scda.adapt.mining.MinedRegions}.
 */
package org.scda.adapt.mining;
