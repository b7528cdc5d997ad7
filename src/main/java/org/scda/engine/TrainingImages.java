package org.scda.engine;

import java.util.List;
import java.util.Random;
import org.scda.data.BoundingBox;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.data.transform.ImageTransform;
import org.scda.data.transform.PreparedImage;
import org.scda.model.ImageTargets;
import org.scda.model.mask.MaskTargets;
import org.scda.util.ScdaException;

/**
 * Draws training images: a uniformly random image (and flip) per iteration from the given
 * {@link Random}, so that the RNG state alone fixes the rest of a run (checkpoints save it).
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

    public TrainingImages(DetectionDataset dataset, ImageTransform transform, boolean flip) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException(dataset.name() + " has no images to train on");
        }
        if (!dataset.labelled()) {
            throw new IllegalArgumentException(dataset.name() + " is unlabelled: training needs labels");
        }
        this.dataset = dataset;
        this.transform = transform;
        this.flip = flip;
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

    public Example next(Random random) {
        DetectionSample s = dataset.samples().get(random.nextInt(dataset.size()));
        boolean mirrored = flip && random.nextBoolean();
        return prepare(s, mirrored);
    }

    /** Prepares a given sample (used by tests and by {@link #next}). */
    public Example prepare(DetectionSample s, boolean mirrored) {
        // Boxes under a pixel wide or high have no regression target (log of 0): left out.
        List<ObjectAnnotation> objects = s.countedObjects().stream()
                .filter(o -> o.box().width() >= MIN_BOX_SIDE && o.box().height() >= MIN_BOX_SIDE).toList();
        List<BoundingBox> boxes = objects.stream().map(ObjectAnnotation::box).toList();
        PreparedImage image = transform.apply(DetectorRunner.readImage(s.image()), boxes, mirrored);
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
}
