/**
 * Pure tensor and array functions of a two-stage detector, each with torchvision 0.14's
 * semantics and tested against it: box IoU, clipping and filtering ({@link org.scda.ops.BoxOps}),
 * the box delta coder ({@link org.scda.ops.BoxCoder}), IoU matching ({@link org.scda.ops.Matcher}),
 * balanced sampling ({@link org.scda.ops.BalancedSampler}), non-maximum suppression
 * ({@link org.scda.ops.Nms}), anchors ({@link org.scda.ops.AnchorGenerator}), RoI feature
 * extraction ({@link org.scda.ops.RoiAlign}, {@link org.scda.ops.RoiPool}) and the gradient
 * reversal layer ({@link org.scda.ops.GradientReversal}); and two workarounds for DJL's PyTorch
 * engine: numbers as tensors autograd can keep ({@link org.scda.ops.Scalars}) and in-place
 * overwrites that print no libtorch warning ({@link org.scda.ops.InPlace}).
 *
 * <p>Boxes are {@code x1, y1, x2, y2} in continuous 0-based pixel coordinates (no "+1"), as
 * {@link org.scda.data.BoundingBox}. Flat {@code float[]} box arrays hold box {@code i} at
 * {@code [4i, 4i+4)}. Nothing here keeps state between calls; NDArray results belong to the
 * manager of the first NDArray argument.
 */
package org.scda.ops;
