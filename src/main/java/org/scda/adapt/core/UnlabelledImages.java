package org.scda.adapt.core;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.transform.ImageTransform;
import org.scda.data.transform.PhotometricTransform;
import org.scda.data.transform.PreparedImage;
import org.scda.engine.DetectorRunner;

/**
 * Draws target-domain training images: a uniformly random image (and flip) per call from the
 * given {@link Random}. Annotations, if the dataset has any, are never read: the target domain
 * is unlabelled for training.
 */
public final class UnlabelledImages {
    private final DetectionDataset dataset;
    private final ImageTransform transform;
    private final boolean flip;

    public UnlabelledImages(DetectionDataset dataset, ImageTransform transform, boolean flip) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException(dataset.name() + " has no images to adapt to");
        }
        this.dataset = dataset;
        this.transform = transform;
        this.flip = flip;
    }

    /** The next image, resized and normalised, without boxes. */
    public PreparedImage next(Random random) {
        DetectionSample s = dataset.samples().get(random.nextInt(dataset.size()));
        boolean mirrored = flip && random.nextBoolean();
        return transform.apply(DetectorRunner.readImage(s.image()), List.of(), mirrored);
    }

    /**
     * Two views of one image for a teacher and its student: the image as {@link #next} makes it
     * (resized, flipped or not) and the same image and flip with {@code augmentation}'s pixel
     * changes (photometric only, so a box in one view is the same box in the other).
     *
     * @param weak   what the teacher sees
     * @param strong what the student sees
     */
    public record Views(PreparedImage weak, PreparedImage strong) {
    }

    /**
     * The next image as two {@link Views}; draws the image, its flip and then one {@code long}
     * (the augmentation's own seed) from {@code random}.
     */
    public Views nextViews(Random random, PhotometricTransform augmentation) {
        DetectionSample s = dataset.samples().get(random.nextInt(dataset.size()));
        boolean mirrored = flip && random.nextBoolean();
        Random augmentationRandom = new Random(random.nextLong());
        BufferedImage image = DetectorRunner.readImage(s.image());
        return new Views(transform.apply(image, List.of(), mirrored),
                transform.apply(image, List.of(), mirrored, augmentation, augmentationRandom));
    }

    /** The transform images are prepared with. */
    public ImageTransform transform() {
        return transform;
    }

    public DetectionDataset dataset() {
        return dataset;
    }
}
