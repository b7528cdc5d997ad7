/**
 * The DA Faster R-CNN baseline (Chen et al., "Domain Adaptive Faster R-CNN for Object Detection
 * in the Wild", CVPR 2018): an image-level domain classifier on the backbone features
 * ({@link org.scda.adapt.dafaster.ImageLevelDomainClassifier}), an instance-level domain
 * classifier on the RoI box-head features
 * ({@link org.scda.adapt.dafaster.InstanceLevelDomainClassifier}), both behind a gradient
 * reversal layer, and the consistency regulariser between them, composed by
 * {@link org.scda.adapt.dafaster.DaFasterHeads} into three named, lambda-weighted losses.
 *
 * <p>The heads take plain tensors and know nothing of the detector: the trainer passes the
 * backbone features and the box-head features of each image together with its domain
 * (source 0, target 1) and adds the returned losses to the detection losses.
 */
package org.scda.adapt.dafaster;
