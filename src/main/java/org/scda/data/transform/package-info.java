/**
 * Image preparation for the detector: resize to a shorter side (aspect kept, longer side
 * capped), horizontal flip that moves the boxes with the pixels, and normalisation to an
 * NDArray {@code (1, 3, H, W)} with ImageNet mean and standard deviation (RGB in [0, 1]),
 * the convention of torchvision's pretrained VGG weights.
 */
package org.scda.data.transform;
