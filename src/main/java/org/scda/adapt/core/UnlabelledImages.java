package org.scda.adapt.core;

import java.util.List;
import java.util.Random;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.transform.ImageTransform;
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

    public DetectionDataset dataset() {
        return dataset;
    }
}
