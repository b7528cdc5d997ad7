/**
 * The RoI heads: {@link org.scda.model.roi.RoiTargets} (RoI labels and sampling, ground truth
 * appended to the proposals), {@link org.scda.model.roi.RoiPooler} (RoIAlign or RoIPool, 7x7),
 * {@link org.scda.model.roi.BoxHead} (two FC layers giving the d-dimensional region feature),
 * {@link org.scda.model.roi.BoxPredictor} (class scores and class-specific deltas),
 * {@link org.scda.model.roi.DetectionPostProcessor} (score threshold, per-class NMS, top-k) and
 * {@link org.scda.model.roi.RoiHeads}, which runs them.
 */
package org.scda.model.roi;
