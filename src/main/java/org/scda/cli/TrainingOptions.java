package org.scda.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The detector-training options {@code scda train} and {@code scda adapt} share, as config
 * overrides (a flag left out keeps the config's value).
 */
public final class TrainingOptions {

    @Option(names = "--source", paramLabel = "SPEC", description = "Labelled source training data (default: synth:foggy/source/train).")
    String source;

    @Option(names = "--source-val", paramLabel = "SPEC", description = "Source validation data for model selection.")
    String sourceVal;

    @Option(names = "--target-val", paramLabel = "SPEC", description = "Target validation data, reported only ('' for none).")
    String targetVal;

    @Option(names = "--iterations", paramLabel = "N", description = "Training iterations (one image per domain each);"
            + " the LR steps and warm-up keep their fraction of the config's run.")
    Integer iterations;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed.")
    Long seed;

    @Option(names = "--eval-period", paramLabel = "N", description = "Evaluate every N iterations (0: only at the end).")
    Integer evalPeriod;

    @Option(names = "--backbone-weights", paramLabel = "FILE", description = "Pretrained backbone: DJL .params or numpy .npz state dict.")
    String backboneWeights;

    @Option(names = "--device", paramLabel = "cpu|gpu", description = "Device (default cpu).")
    String device;

    @Option(names = "--mask", description = "Mask R-CNN: add the mask branch (model.mask: true); the source data needs "
            + "instance polygons, and evaluations report mask AP next to box AP.")
    Boolean mask;

    /** Adds these flags to {@code overrides} under their config keys (null: not given). */
    void putOverrides(Map<String, Object> overrides) {
        overrides.put("data.source", source);
        overrides.put("data.sourceVal", sourceVal);
        overrides.put("data.targetVal", targetVal);
        overrides.put("solver.iterations", iterations);
        overrides.put("model.backboneWeights", backboneWeights);
        overrides.put("evalPeriod", evalPeriod);
        overrides.put("seed", seed);
        overrides.put("device", device);
        overrides.put("model.mask", mask);
    }
}
