package org.scda.adapt.core;

import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import org.scda.config.TrainConfig;
import org.scda.data.DetectionDataset;
import org.scda.data.transform.ImageTransform;
import org.scda.engine.Hooks;
import org.scda.engine.TrainingImages;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;

/**
 * What a method sees of a run when it builds its plan and after training.
 *
 * @param train            the detector's training config (seed, solver, model)
 * @param settings         the {@code adapt:} settings
 * @param model            the initialised detector
 * @param manager          the run's manager (the method makes its modules in a sub-manager of it)
 * @param source           the labelled source training data
 * @param target           the unlabelled target training data
 * @param sourceImages     the source images as the loop draws them
 * @param targetImages     the target images as the loop draws them
 * @param transform        the input transform of both domains
 * @param warmupIterations the first iteration that draws a target image
 * @param outDir           the run directory
 * @param log              progress messages
 * @param loop             the training loop (set after planning; null in {@link AdaptationMethod#plan})
 * @param evaluate         the run's evaluation hook (for {@link AdaptationMethod#afterTraining})
 */
public record AdaptationContext(TrainConfig train, AdaptSettings settings, FasterRcnn model, NDManager manager,
                                DetectionDataset source, DetectionDataset target, TrainingImages sourceImages,
                                UnlabelledImages targetImages, ImageTransform transform, int warmupIterations,
                                Path outDir, PrintStream log, TrainingLoop loop, Hooks.Evaluate evaluate) {

    /** This context once the loop and its evaluation hook exist. */
    public AdaptationContext withLoop(TrainingLoop newLoop, Hooks.Evaluate newEvaluate) {
        return new AdaptationContext(train, settings, model, manager, source, target, sourceImages, targetImages,
                transform, warmupIterations, outDir, log, newLoop, newEvaluate);
    }
}
