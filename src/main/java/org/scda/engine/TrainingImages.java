package org.scda.engine;

import java.util.List;
import java.util.Random;
import org.scda.config.InputConfig;
import org.scda.data.BoundingBox;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.data.transform.ImageTransform;
import org.scda.data.transform.PhotometricTransform;
import org.scda.data.transform.PreparedImage;
import org.scda.data.transform.StrongAugmentation;
import org.scda.model.ImageTargets;
import org.scda.model.mask.MaskTargets;
import org.scda.util.ScdaException;

/**
 * Draws training images: a uniformly random image (and flip) per iteration from the given
 * {@link Random}, so that the RNG state alone fixes the rest of a run (checkpoints save it).
 * With an augmentation ({@code model.input.augment: strong}) each image then draws one more
 * {@code long} from that {@link Random}, the seed of the augmentation's own generator: the
 * augmentation is as reproducible and resumable as the rest, and how many values it consumes
 * does not shift the images drawn after it. Without one nothing more is drawn, so runs without
 * augmentation are those from before it existed.
 * Ignore-flagged objects and boxes under {@link #MIN_BOX_SIDE} pixels are left out of the targets.
 * The targets carry each instance's polygons in input pixels for the mask branch; an instance
 * without polygons gets its box as its mask ({@link MaskTargets#boxAsPolygon}). A mask-enabled
 * run refuses a dataset with no polygons at all ({@link #requireMasks}).
 */
public final class TrainingImages {
    /** Ground-truth boxes narrower or lower than this (pixels of the stored image) are not trained on. */
    public static final double MIN_BOX_SIDE = 1.0;
    private final DetectionDataset dataset;
    private final ImageTransform transform;
    private final boolean flip;
    private final PhotometricTransform augmentation;

    /** Training images without augmentation beyond {@code flip}. */
    public TrainingImages(DetectionDataset dataset, ImageTransform transform, boolean flip) {
        this(dataset, transform, flip, null);
    }

    /**
     * @param dataset      labelled images to draw from
     * @param transform    resize and normalisation
     * @param flip         mirror half of the images left-right
     * @param augmentation the change of pixel values after resize and flip, or null for none
     */
    public TrainingImages(DetectionDataset dataset, ImageTransform transform, boolean flip,
                          PhotometricTransform augmentation) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException(dataset.name() + " has no images to train on");
        }
        if (!dataset.labelled()) {
            throw new IllegalArgumentException(dataset.name() + " is unlabelled: training needs labels");
        }
        this.dataset = dataset;
        this.transform = transform;
        this.flip = flip;
        this.augmentation = augmentation;
    }

    /** Training images as {@code input} says: its flip and its {@code augment}. */
    public static TrainingImages of(DetectionDataset dataset, ImageTransform transform, InputConfig input) {
        return new TrainingImages(dataset, transform, input.flip(), augmentation(input));
    }

    /** The augmentation {@code input.augment} names, or null for {@code none}. */
    public static PhotometricTransform augmentation(InputConfig input) {
        return input.strongAugment() ? StrongAugmentation.standard() : null;
    }

    /**
     * One training example.
     *
     * @param sample  the dataset entry
     * @param image   the prepared image with boxes in input pixels
     * @param targets the ground truth in input pixels with model classes
     */
    public record Example(DetectionSample sample, PreparedImage image, ImageTargets targets) {
    }

    /** The next example: an image, its flip, and (with an augmentation) its augmentation's seed, from {@code random}. */
    public Example next(Random random) {
        DetectionSample s = dataset.samples().get(random.nextInt(dataset.size()));
        boolean mirrored = flip && random.nextBoolean();
        Random augmentationRandom = augmentation == null ? null : new Random(random.nextLong());
        return prepare(s, mirrored, augmentationRandom);
    }

    /** Prepares a given sample without augmentation (used by tests). */
    public Example prepare(DetectionSample s, boolean mirrored) {
        return prepare(s, mirrored, null);
    }

    /**
     * Prepares a given sample (used by tests and by {@link #next}).
     *
     * @param augmentationRandom what this instance's augmentation draws from; null: no augmentation
     */
    public Example prepare(DetectionSample s, boolean mirrored, Random augmentationRandom) {
        // Boxes under a pixel wide or high have no regression target (log of 0): left out.
        List<ObjectAnnotation> objects = s.countedObjects().stream()
                .filter(o -> o.box().width() >= MIN_BOX_SIDE && o.box().height() >= MIN_BOX_SIDE).toList();
        List<BoundingBox> boxes = objects.stream().map(ObjectAnnotation::box).toList();
        PreparedImage image = transform.apply(DetectorRunner.readImage(s.image()), boxes, mirrored,
                augmentationRandom == null ? null : augmentation, augmentationRandom);
        int[] labels = objects.stream().mapToInt(o -> o.classId() + 1).toArray();
        double sx = (double) image.width() / image.originalWidth();
        double sy = (double) image.height() / image.originalHeight();
        List<List<Polygon>> polygons = objects.stream()
                .map(o -> MaskTargets.toInputFrame(o.hasMask() ? o.polygons() : MaskTargets.boxAsPolygon(o.box()),
                        sx, sy, image.flipped(), image.width()))
                .toList();
        return new Example(s, image, new ImageTargets(image.boxes(), labels, polygons));
    }

    /**
     * Fails with the dataset's name unless at least one of its counted objects has polygons:
     * training the mask branch on boxes alone would silently learn box-shaped masks.
     */
    public static void requireMasks(DetectionDataset dataset) {
        if (!dataset.hasPolygons()) {
            throw new ScdaException(dataset.name() + " has no instance polygons: model.mask needs mask ground truth"
                    + " (COCO segmentation polygons, Cityscapes or the synthetic benchmark)");
        }
    }

    public DetectionDataset dataset() {
        return dataset;
    }

    /** The augmentation of each drawn image, or null for none. */
    public PhotometricTransform augmentation() {
        return augmentation;
    }
}
