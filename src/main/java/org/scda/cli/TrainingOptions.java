package org.scda.cli;

import java.nio.file.Path;
import java.util.Map;
import org.scda.adapt.core.AdaptConfig;
import org.scda.config.TrainConfig;
import org.scda.engine.Devices;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The detector-training options {@code scda train} and {@code scda adapt} share, as config
 * overrides (a flag left out keeps the config's value).
 */
public final class TrainingOptions {

    @Option(names = "--source", paramLabel = "SPEC", description = "Labelled source training data (default: synth:foggy/source/train).")
    String source;

    @Option(names = "--source-val", paramLabel = "SPEC", description = "Source validation data for model selection"
            + " (default: synth:foggy/source/val with a built-in synth: source; needed with your own data).")
    String sourceVal;

    @Option(names = "--target-val", paramLabel = "SPEC", description = "Target validation data, reported only ('' for none;"
            + " default: synth:foggy/target/val with a built-in synth: source, none with your own data).")
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

    @Option(names = "--device", paramLabel = "cpu|gpu", description = "Device (default cpu). gpu needs a build with"
            + " -Pcuda and a GPU libtorch can see (README 'On a GPU'); without them it is refused before anything runs.")
    String device;

    @Option(names = "--mask", description = "Mask R-CNN: add the mask branch (model.mask: true); the source data needs "
            + "instance polygons, and evaluations report mask AP next to box AP.")
    Boolean mask;

    /**
     * Refuses a device the engine cannot give, before anything is loaded or written, in a line
     * that says what asked for it: this {@code --device} flag or the config file's {@code device}.
     */
    void requireDevice(String configured, Path configFile) {
        String askedBy = device != null ? "--device " + configured
                : configFile != null ? "device: " + configured + " in " + configFile : "device " + configured;
        Devices.require(configured, askedBy);
    }

    /**
     * {@link TrainConfig#forSource} with the validation flags given here; a missing setting is
     * a usage error, and a built-in target-val left out is said on stderr.
     */
    TrainConfig forSource(TrainConfig cfg, CommandLine cl) {
        try {
            return noted(cfg, cfg.forSource(sourceVal != null, targetVal != null), cl);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    /** {@link AdaptConfig#forSource} as {@link #forSource(TrainConfig, CommandLine)}, with the {@code --target} flag. */
    AdaptConfig forSource(AdaptConfig cfg, boolean targetGiven, CommandLine cl) {
        try {
            AdaptConfig resolved = cfg.forSource(sourceVal != null, targetVal != null, targetGiven);
            noted(cfg.train(), resolved.train(), cl);
            return resolved;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    private static TrainConfig noted(TrainConfig before, TrainConfig after, CommandLine cl) {
        if (!before.data().targetVal().equals(after.data().targetVal())) {
            cl.getErr().println("scda " + cl.getCommandName() + ": no target-val: " + before.data().targetVal()
                    + " belongs to the built-in benchmark, not to " + after.data().source() + " (give --target-val to report one)");
            cl.getErr().flush();
        }
        return after;
    }

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
