/**
 * The Mask R-CNN extension (issue 6): {@link org.scda.model.mask.MaskTargets} turns an
 * instance's polygons into the 28x28 training target of a RoI,
 * {@link org.scda.model.mask.MaskHead} predicts per-class mask logits from 14x14 RoIAlign
 * features and scores them against those targets, and {@link org.scda.model.mask.MaskPaster}
 * pastes a predicted mask back into the image as a {@link org.scda.data.mask.Rle}.
 * {@link org.scda.model.mask.MaskBranch} runs RoIAlign 14x14 and the head inside the detector's
 * RoI stage (training loss {@code roi.mask}, inference probabilities per detection). The pure
 * parts (targets, pasting) work on {@code float[]} and need no engine.
 */
package org.scda.model.mask;
