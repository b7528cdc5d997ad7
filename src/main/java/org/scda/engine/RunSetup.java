package org.scda.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.scda.config.TrainConfig;
import org.scda.data.Datasets;
import org.scda.data.DetectionDataset;
import org.scda.data.transform.ImageTransform;
import org.scda.model.BackboneWeights;
import org.scda.model.FasterRcnn;
import org.scda.util.ScdaException;

/**
 * The set-up every kind of training run shares (source-only, oracle, each adaptation method), in
 * the order that makes a seed reproduce a run: the datasets with their checks, the engine seed
 * and device, the detector with its backbone weights, optimiser and input transform, and the
 * restore of a checkpoint into a loop (resume and rollback alike).
 */
public final class RunSetup {
    private RunSetup() {
    }

    /**
     * A run's labelled data.
     *
     * @param source    training data
     * @param sourceVal model-selection data
     * @param targetVal reported-only data, or null
     */
    public record Data(DetectionDataset source, DetectionDataset sourceVal, DetectionDataset targetVal) {

        /**
         * Loads the config's datasets and checks them: one class list for all, masks on the
         * source when the model has a mask head.
         */
        public static Data load(TrainConfig config) {
            DetectionDataset source = Datasets.load(config.data().source());
            DetectionDataset sourceVal = Datasets.load(config.data().sourceVal());
            String targetValSpec = config.data().targetVal();
            DetectionDataset targetVal = targetValSpec == null || targetValSpec.isBlank() ? null
                    : Datasets.load(targetValSpec);
            if (config.model().mask()) {
                TrainingImages.requireMasks(source);
            }
            requireSameClasses(source, sourceVal);
            if (targetVal != null) {
                requireSameClasses(source, targetVal);
            }
            return new Data(source, sourceVal, targetVal);
        }
    }

    /**
     * A run's detector.
     *
     * @param model      the initialised Faster R-CNN
     * @param parameters all its parameters
     * @param optimizer  the optimiser over them
     * @param transform  the input transform (resize and normalise)
     */
    public record Detector(FasterRcnn model, List<Parameter> parameters, Optimizers.Optimizer optimizer,
                           ImageTransform transform) {
    }

    /** Seeds the engine with the config's seed and opens a manager on its device (the caller closes it). */
    public static NDManager manager(TrainConfig config) {
        Engine.getInstance().setRandomSeed((int) config.seed());
        return NDManager.newBaseManager(device(config.device()));
    }

    /** Builds and initialises the detector in {@code manager}, loads backbone weights if the config names them. */
    public static Detector detector(TrainConfig config, int numClasses, NDManager manager, Consumer<String> log) {
        FasterRcnn model = FasterRcnn.create(config.model(), numClasses);
        int side = config.model().input().shortSide();
        model.initialize(manager, side, 2 * side);
        String weights = config.model().backboneWeights();
        if (weights != null && !weights.isBlank()) {
            int n = BackboneWeights.load(model.backbone(), Path.of(weights), manager);
            log.accept("loaded " + n + " backbone tensors from " + weights);
        }
        List<Parameter> params = new ArrayList<>(model.getParameters().values());
        Optimizers.Optimizer optimizer = Optimizers.create(config.solver(), params, manager);
        return new Detector(model, params, optimizer, new ImageTransform(side, config.model().input().maxSize()));
    }

    /**
     * Restores a checkpoint into the loop: the detector's weights and optimiser state, the RNG
     * that draws images, flips and samples, the iteration and the run record.
     */
    public static Checkpoint restore(Path file, TrainingLoop loop) throws IOException {
        Checkpoint ck = DetectorCheckpoint.restoreDetector(file, loop);
        loop.setRandom(Checkpoints.restoreRng(ck.rngState()));
        loop.setIteration(ck.iteration());
        loop.restore(ck.run());
        return ck;
    }

    /** The device a config names ({@link Devices#require(String)}: an unusable one is refused, naming what is missing). */
    public static Device device(String name) {
        return Devices.require(name);
    }

    /** Makes every parameter that should be trained record gradients (DJL's loading turns it off). */
    public static void requireGradients(List<Parameter> params) {
        for (Parameter p : params) {
            if (p.requiresGradient() && !p.getArray().hasGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }

    /** Refuses a dataset whose classes differ from the training data's. */
    public static void requireSameClasses(DetectionDataset train, DetectionDataset other) {
        if (!train.classNames().equals(other.classNames())) {
            throw new ScdaException(other.name() + " has classes " + other.classNames() + " but " + train.name()
                    + " has " + train.classNames() + ": map them with ?classes= or ?map=");
        }
    }
}
