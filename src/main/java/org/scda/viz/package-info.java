/**
 * Pictures that make a run visible at a glance, drawn with Java2D (headless): the
 * region-mining picture of {@link org.scda.viz.RegionMiningPicture} (like the paper's Fig. 3).
 */
package org.scda.viz;
