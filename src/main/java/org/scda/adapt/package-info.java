/**
 * The paper's selective cross-domain alignment, as standalone modules that take plain tensors
 * from the detector: {@code mining} decides where to look (K-means on proposal centres,
 * fixed-size regions, select-or-copy to K x m x d features plus the real image patches) and
 * {@code align} decides how to align (generators, discriminators, weighting estimator, the
 * losses of Eq. 1-5 and the four alternating updates).
 */
package org.scda.adapt;
