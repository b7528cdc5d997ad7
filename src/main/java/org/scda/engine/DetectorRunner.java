package org.scda.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ImageFiles;
import org.scda.data.mask.Rle;
import org.scda.data.transform.ImageTransform;
import org.scda.data.transform.PreparedImage;
import org.scda.eval.ImageFeatures;
import org.scda.eval.MaskDetection;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;
import org.scda.model.mask.MaskPaster;
import org.scda.model.roi.ImageDetections;
import org.scda.util.ProgressBar;

/**
 * Runs a detector in inference mode on images: transform, forward in a per-image
 * sub-manager, boxes scaled back to the image as stored; with a mask branch, masks pasted
 * into the image as stored.
 */
public final class DetectorRunner {
    private final FasterRcnn model;
    private final ImageTransform transform;
    private final NDManager manager;
    private final ParameterStore parameters;
    private StopRequest stop = new StopRequest();

    public DetectorRunner(FasterRcnn model, ImageTransform transform, NDManager manager) {
        this.model = model;
        this.transform = transform;
        this.manager = manager;
        this.parameters = new ParameterStore(manager, false);
    }

    /**
     * Runs over a dataset stop between images once {@code request} is made, with a
     * {@link RunStoppedException} (the image under way is finished first).
     */
    public DetectorRunner stopOn(StopRequest request) {
        this.stop = request;
        return this;
    }

    /** Detections in the image's own pixels; labels are model classes (dataset class + 1). */
    public ImageDetections detect(BufferedImage image) {
        PreparedImage prepared = transform.apply(image);
        try (NDManager scope = manager.newSubManager()) {
            FasterRcnnOutput out = model.forward(parameters, prepared.toNDArray(scope), null, false, new Random(0));
            return out.detections().rescaled(prepared.scale());
        }
    }

    /** Detections of one dataset image as {@link Detection}s (dataset class ids). */
    public List<Detection> detect(DetectionSample sample) {
        return toDetections(detect(readImage(sample.image())), sample.id());
    }

    /** Model output in image pixels as {@link Detection}s with the given image id (dataset class ids). */
    public static List<Detection> toDetections(ImageDetections d, long imageId) {
        List<Detection> out = new ArrayList<>(d.size());
        float[] b = d.boxes();
        for (int i = 0; i < d.size(); i++) {
            out.add(new Detection(imageId, d.labels()[i] - 1,
                    new BoundingBox(b[4 * i], b[4 * i + 1], Math.max(b[4 * i], b[4 * i + 2]),
                            Math.max(b[4 * i + 1], b[4 * i + 3])), d.scores()[i]));
        }
        return out;
    }

    /**
     * Model output in image pixels with each detection's mask pasted into the image
     * ({@link MaskPaster}, threshold 0.5): one RLE of {@code height x width} per detection.
     *
     * @throws IllegalStateException when the detections carry no masks (a box-only model)
     */
    public static List<MaskDetection> toMaskDetections(ImageDetections d, long imageId, int height, int width) {
        if (!d.hasMasks()) {
            throw new IllegalStateException("the model has no mask branch (model.mask is false)");
        }
        List<Detection> boxes = toDetections(d, imageId);
        List<MaskDetection> out = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            Rle mask = MaskPaster.paste(d.mask(i), d.maskSize(), boxes.get(i).box(), height, width);
            out.add(new MaskDetection(boxes.get(i), mask));
        }
        return out;
    }

    /** Detections with their masks in the image's own pixels (a Mask R-CNN model only). */
    public List<MaskDetection> detectMasks(BufferedImage image, long imageId) {
        return toMaskDetections(detect(image), imageId, image.getHeight(), image.getWidth());
    }

    /**
     * Mask detections on the first {@code limit} images of a dataset (all when
     * {@code limit <= 0}); their {@link MaskDetection#detection()}s are the box detections.
     *
     * @param label progress-bar label, or null for no progress bar
     */
    public List<MaskDetection> detectMasks(DetectionDataset dataset, int limit, String label) {
        return overImages(dataset, limit, label, sample -> detectMasks(readImage(sample.image()), sample.id()));
    }

    /** Whether the model predicts masks. */
    public boolean hasMasks() {
        return model.hasMasks();
    }

    /**
     * Detections on the first {@code limit} images of a dataset (all when {@code limit <= 0}).
     *
     * @param label progress-bar label, or null for no progress bar
     */
    public List<Detection> detect(DetectionDataset dataset, int limit, String label) {
        return overImages(dataset, limit, label, this::detect);
    }

    /**
     * The features of one image in inference mode (BatchNorm running statistics, the RPN's test
     * top-N), the RoI features of the {@code topN} best proposals as the adaptation step takes
     * them from target images ({@link FasterRcnn#forwardUnlabelled}).
     */
    public ImageFeatures features(BufferedImage image, int topN) {
        PreparedImage prepared = transform.apply(image);
        try (NDManager scope = manager.newSubManager()) {
            FasterRcnnOutput out = model.forwardUnlabelled(parameters, prepared.toNDArray(scope), topN, false, false,
                    new Random(0));
            NDArray map = out.features(); // (1, C, h, w)
            float[] backbone = map.reshape(map.getShape().get(1), -1).mean(new int[] {1}).toFloatArray();
            NDArray rois = out.roiFeatures();
            boolean none = rois == null || rois.getShape().get(0) == 0;
            return new ImageFeatures(backbone, none ? null : rois.mean(new int[] {0}).toFloatArray());
        }
    }

    /**
     * {@link #features(BufferedImage, int)} of the first {@code limit} images of a dataset (all
     * when {@code limit <= 0}).
     *
     * @param label progress-bar label, or null for no progress bar
     */
    public List<ImageFeatures> features(DetectionDataset dataset, int limit, int topN, String label) {
        return overImages(dataset, limit, label, sample -> List.of(features(readImage(sample.image()), topN)));
    }

    /** {@code perImage} over the first {@code limit} images (all when {@code limit <= 0}), concatenated. */
    private <T> List<T> overImages(DetectionDataset dataset, int limit, String label,
                                          java.util.function.Function<DetectionSample, List<T>> perImage) {
        DetectionDataset ds = limit > 0 ? dataset.limit(limit) : dataset;
        List<T> all = new ArrayList<>();
        ProgressBar bar = label == null ? null : new ProgressBar(label, ds.size());
        try {
            for (DetectionSample s : ds.samples()) {
                stop.throwIfRequested("during an evaluation");
                ThreadShare.apply();
                all.addAll(perImage.apply(s));
                if (bar != null) {
                    bar.step();
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        return all;
    }

    /**
     * Reads an image file ({@link ImageFiles#read}: pixel limit, truncation).
     *
     * @throws org.scda.data.UnreadableImageException with a one-line message naming the file
     */
    public static BufferedImage readImage(Path file) {
        return ImageFiles.read(file);
    }

    public FasterRcnn model() {
        return model;
    }
}
