package org.scda.api;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.scda.config.TrainConfig;
import org.scda.data.Detection;
import org.scda.data.transform.ImageTransform;
import org.scda.engine.Checkpoints;
import org.scda.engine.DetectorRunner;
import org.scda.engine.Devices;
import org.scda.eval.MaskDetection;
import org.scda.model.roi.ImageDetections;

/**
 * A trained detector ready to use: {@link #load} a run directory (its best checkpoint) or a
 * checkpoint file, then {@link #detect} on images ({@link #detectMasks} for a Mask R-CNN
 * model: the same detections with their masks). Detections are in the image's own pixels;
 * their class ids index {@link #classNames()}. Not thread-safe; close it to free native memory.
 */
public final class Detector implements AutoCloseable {
    private final NDManager manager;
    private final DetectorRunner runner;
    private final List<String> classNames;
    private final TrainConfig config;

    private Detector(NDManager manager, DetectorRunner runner, List<String> classNames, TrainConfig config) {
        this.manager = manager;
        this.runner = runner;
        this.classNames = classNames;
        this.config = config;
    }

    /** Loads a run directory or checkpoint file on the CPU. */
    public static Detector load(Path model) {
        return load(model, Device.cpu());
    }

    /**
     * Loads a run directory or checkpoint file on {@code device}.
     *
     * @throws org.scda.engine.DeviceUnavailableException for a GPU the engine cannot give (no CUDA
     *                                                   natives, none visible), before anything is read
     */
    public static Detector load(Path model, Device device) {
        Devices.require(device);
        Path file = Checkpoints.resolve(model);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Checkpoints.Loaded loaded = Checkpoints.load(file, manager);
            TrainConfig cfg = loaded.checkpoint().config();
            ImageTransform transform = new ImageTransform(cfg.model().input().shortSide(), cfg.model().input().maxSize());
            return new Detector(manager, new DetectorRunner(loaded.model(), transform, manager),
                    loaded.checkpoint().classNames(), cfg);
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException("cannot load " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Detections in {@code image}, best first, with image id 0. */
    public List<Detection> detect(BufferedImage image) {
        return toDetections(runner.detect(image), 0);
    }

    /** Detections in the image file, best first, with image id 0. */
    public List<Detection> detect(Path image) {
        return detect(DetectorRunner.readImage(image));
    }

    /**
     * Detections with instance masks, best first, image id 0: each mask is an RLE of the
     * image's size. Needs a Mask R-CNN model ({@link #hasMasks()}).
     *
     * @throws IllegalStateException for a box-only model
     */
    public List<MaskDetection> detectMasks(BufferedImage image) {
        return runner.detectMasks(image, 0);
    }

    /** {@link #detectMasks(BufferedImage)} on an image file. */
    public List<MaskDetection> detectMasks(Path image) {
        return detectMasks(DetectorRunner.readImage(image));
    }

    /** Whether the model was trained with a mask branch ({@code model.mask: true}). */
    public boolean hasMasks() {
        return runner.hasMasks();
    }

    /** Converts model output to {@link Detection}s with the given image id. */
    static List<Detection> toDetections(ImageDetections d, long imageId) {
        return DetectorRunner.toDetections(d, imageId);
    }

    /** The class names; {@link Detection#classId()} indexes this list. */
    public List<String> classNames() {
        return classNames;
    }

    /** The class name of a detection. */
    public String className(Detection d) {
        return classNames.get(d.classId());
    }

    /** The configuration the model was trained with. */
    public TrainConfig config() {
        return config;
    }

    /** The runner, for batch use inside scda. */
    public DetectorRunner runner() {
        return runner;
    }

    @Override
    public void close() {
        manager.close();
    }
}
