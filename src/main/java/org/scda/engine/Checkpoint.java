package org.scda.engine;

import java.util.List;
import java.util.Map;
import org.scda.config.TrainConfig;

/**
 * What a checkpoint holds besides the weights.
 *
 * @param config         the run's full config (rebuilds the model)
 * @param classNames     dataset class names (model class c+1 is {@code classNames[c]})
 * @param iteration      iterations completed
 * @param rngState       the serialised {@link java.util.Random} of the data order and sampling
 * @param optimizer      optimiser name
 * @param optimizerState the optimiser's tensors ({@code NDList.encode}), empty when none
 * @param metrics        latest metrics (e.g. {@code source_val.mAP}), for the record
 * @param run            the run's counters, divergence window and settings changes
 *                       ({@link RunRecord#NONE} when written outside a run or before runs kept one)
 */
public record Checkpoint(TrainConfig config, List<String> classNames, int iteration, byte[] rngState,
                         String optimizer, byte[] optimizerState, Map<String, Double> metrics, RunRecord run) {

    public Checkpoint {
        classNames = List.copyOf(classNames);
        metrics = Map.copyOf(metrics);
        if (run == null) {
            run = RunRecord.NONE;
        }
    }

    /** A checkpoint without a run record (e.g. a model derived from another, outside a run). */
    public Checkpoint(TrainConfig config, List<String> classNames, int iteration, byte[] rngState,
                      String optimizer, byte[] optimizerState, Map<String, Double> metrics) {
        this(config, classNames, iteration, rngState, optimizer, optimizerState, metrics, RunRecord.NONE);
    }
}
