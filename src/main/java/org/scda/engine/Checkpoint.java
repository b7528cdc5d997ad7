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
 */
public record Checkpoint(TrainConfig config, List<String> classNames, int iteration, byte[] rngState,
                         String optimizer, byte[] optimizerState, Map<String, Double> metrics) {

    public Checkpoint {
        classNames = List.copyOf(classNames);
        metrics = Map.copyOf(metrics);
    }
}
