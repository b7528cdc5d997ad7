/**
 * Image preparation for the detector: resize to a shorter side (aspect kept, longer side
 * capped), horizontal flip that moves the boxes with the pixels, and normalisation to an
 * NDArray {@code (1, 3, H, W)} with ImageNet mean and standard deviation (RGB in [0, 1]),
 * the convention of torchvision's pretrained VGG weights ({@link org.scda.data.transform.ImageTransform}).
 *
 * <p>Training augmentation that changes pixel values only ({@link
 * org.scda.data.transform.PhotometricTransform}), on {@link org.scda.data.transform.RgbPlanes}
 * between the flip and the normalisation: {@link org.scda.data.transform.ColorJitter}, {@link
 * org.scda.data.transform.Grayscale}, {@link org.scda.data.transform.GaussianBlur}, {@link
 * org.scda.data.transform.RandomErasing}, each applied with a probability by {@link
 * org.scda.data.transform.RandomApply} and composed by {@link
 * org.scda.data.transform.StrongAugmentation} ({@code model.input.augment: strong}). Every
 * random choice comes from the {@link java.util.Random} passed in, so a seed fixes the output.
 */
package org.scda.data.transform;
