package org.scda.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One image and, for labelled data, its objects. Immutable.
 *
 * @param id      image id, unique in its dataset (the COCO {@code image_id} when read from or
 *                written to COCO)
 * @param image   the image file
 * @param width   image width in pixels
 * @param height  image height in pixels
 * @param objects labelled objects; empty for an unlabelled (target-domain) image
 */
public record DetectionSample(long id, Path image, int width, int height, List<ObjectAnnotation> objects) {

    public DetectionSample {
        Objects.requireNonNull(image, "image");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height + " for " + image);
        }
        objects = List.copyOf(objects);
    }

    /** An image without labels. */
    public static DetectionSample unlabelled(long id, Path image, int width, int height) {
        return new DetectionSample(id, image, width, height, List.of());
    }

    /** The objects that count for training and evaluation (not ignore regions). */
    public List<ObjectAnnotation> countedObjects() {
        return objects.stream().filter(o -> !o.ignore()).toList();
    }
}
