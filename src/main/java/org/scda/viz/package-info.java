/**
 * Pictures and plots that make results visible at a glance, headless: line and scatter charts
 * ({@link org.scda.viz.Charts}, XChart PNGs for training curves, precision/recall and gap
 * plots) and the domain-gap scatter ({@link org.scda.viz.DomainGapPlot}). Depends only on
 * data and evaluation values; method-specific pictures live with their method (the region
 * mining picture in {@code adapt.align}).
 */
package org.scda.viz;
