/**
 * The region proposal network: {@link org.scda.model.rpn.RpnHead} (3x3 conv, objectness and
 * box deltas per anchor), {@link org.scda.model.rpn.ProposalGenerator} (decode, clip, drop tiny
 * boxes, NMS, top-N), {@link org.scda.model.rpn.AnchorTargets} (anchor labels and sampling for
 * the loss) and {@link org.scda.model.rpn.RegionProposalNetwork}, which runs them in order.
 */
package org.scda.model.rpn;
