package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Everything a training run needs. Load with {@link Configs#load}; unknown keys are errors and
 * missing keys take the values of {@link #defaults()}.
 *
 * @param model           the detector
 * @param data            datasets
 * @param solver          optimiser and schedule
 * @param seed            seed for weights, sampling and data order
 * @param device          {@code cpu} or {@code gpu}
 * @param evalPeriod      evaluate on source-val every this many iterations (0: only at the end)
 * @param checkpointPeriod write the last checkpoint every this many iterations
 * @param logPeriod       write a metrics line every this many iterations
 * @param divergence      when the run counts as diverged and what it then does (absent from a
 *                        file: {@link DivergenceConfig#DEFAULTS})
 */
public record TrainConfig(
        ModelConfig model,
        DataConfig data,
        SolverConfig solver,
        @JsonPropertyDescription("random seed") long seed,
        @JsonPropertyDescription("cpu | gpu") String device,
        @JsonPropertyDescription("evaluate every N iterations, 0 = only at the end") int evalPeriod,
        @JsonPropertyDescription("save the last checkpoint every N iterations") int checkpointPeriod,
        @JsonPropertyDescription("metrics line every N iterations") int logPeriod,
        DivergenceConfig divergence) {

    public TrainConfig {
        if (divergence == null) {
            divergence = DivergenceConfig.DEFAULTS;
        }
    }

    /**
     * The CPU default: the small backbone on the built-in foggy benchmark (256x128 images),
     * sized to train and evaluate within 10 minutes on 2 cores.
     */
    public static TrainConfig defaults() {
        return new TrainConfig(
                new ModelConfig("small", 32, null,
                        new InputConfig(128, 512, true, InputConfig.AUGMENT_NONE),
                        new AnchorConfig(List.of(12.0, 24.0, 48.0, 96.0), List.of(0.5, 1.0, 2.0)),
                        new RpnConfig(1000, 300, 600, 100, 0.7, 1.0, 0.7, 0.3, 256, 0.5),
                        new RoiConfig("align", 7, 2, 256, 0.5, 0.5, 64, 0.25, 0.05, 0.5, 100), false, 64),
                new DataConfig("synth:foggy/source/train", "synth:foggy/source/val", "synth:foggy/target/val", 0),
                new SolverConfig("sgd", 3000, 0.01, 0.9, 1e-4, 200, 0.001, List.of(2200, 2700), 0.1, 10.0),
                42L, "cpu", 0, 500, 20, DivergenceConfig.DEFAULTS);
    }

    /** This config with {@link DataConfig#forSource} applied to its data section. */
    public TrainConfig forSource(boolean sourceValGiven, boolean targetValGiven) {
        DataConfig resolved = data.forSource(sourceValGiven, targetValGiven);
        return resolved == data ? this
                : new TrainConfig(model, resolved, solver, seed, device, evalPeriod, checkpointPeriod, logPeriod,
                        divergence);
    }

    /**
     * This config trained for {@code n} iterations, the one rule every command and experiment
     * uses for "N iterations": learning-rate steps and warm-up scaled ({@link #scaledSchedule}),
     * evaluation and checkpoint periods keep their fraction of the run (at least 1; no periodic
     * evaluation stays none), the log period at most {@code n / 20} (at least 1). A quick run has
     * the same shape as the full one.
     */
    public TrainConfig withIterations(int n) {
        int old = solver().iterations();
        TrainConfig scaled = Configs.withOverrides(this, java.util.Map.of("solver.iterations", n)).scaledSchedule(old);
        if (n == old || old == 0) {
            return scaled;
        }
        double f = (double) n / old;
        java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("evalPeriod", evalPeriod() <= 0 ? 0 : Math.max(1, (int) Math.round(evalPeriod() * f)));
        o.put("checkpointPeriod", Math.max(1, (int) Math.round(checkpointPeriod() * f)));
        o.put("logPeriod", Math.max(1, Math.min(logPeriod(), n / 20 == 0 ? 1 : logPeriod())));
        return Configs.withOverrides(scaled, o);
    }

    /**
     * This config with its learning-rate steps and warm-up scaled from a schedule of
     * {@code fromIterations} to its own {@code solver.iterations} (steps keep their fraction of
     * the run; the warm-up is at most a tenth of it). Periods are left to the caller.
     */
    public TrainConfig scaledSchedule(int fromIterations) {
        int n = solver().iterations();
        if (n == fromIterations || fromIterations == 0) {
            return this;
        }
        double f = (double) n / fromIterations;
        java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("solver.steps", solver().steps().stream().map(s -> (int) Math.round(s * f)).toList());
        o.put("solver.warmupIterations", Math.min(solver().warmupIterations(), Math.max(1, n / 10)));
        return Configs.withOverrides(this, o);
    }
}
