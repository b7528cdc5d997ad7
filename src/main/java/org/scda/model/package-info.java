/**
 * The Faster R-CNN detector as a composition of small stages: a {@link org.scda.model.Backbone}
 * (small CPU default, VGG16, VGG16-BN), the region proposal network ({@code rpn}), the RoI
 * heads ({@code roi}), optionally Mask R-CNN's mask branch ({@code mask}, {@code model.mask})
 * and {@link org.scda.model.FasterRcnn}, which only wires them. Stages return named records and
 * named losses ({@code rpn.objectness}, {@code rpn.box_reg}, {@code roi.classifier},
 * {@code roi.box_reg}, and {@code roi.mask} with the mask branch). Pure box and tensor
 * operations live in {@code org.scda.ops}.
 */
package org.scda.model;
