package org.scda.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.scda.adapt.core.AdaptConfig;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.util.ScdaException;

/** Builds the detector's training config of a run: preset, overrides, datasets, seed, iterations. */
public final class RunConfigs {
    private RunConfigs() {
    }

    /**
     * The training config of {@code spec}, training on {@code trainSpec} (the source for
     * source-only, the labelled target for the oracle). Order: the preset file (or the
     * defaults), the run's iterations with the preset's schedule scaled to them, then the
     * experiment's, scenario's and variant's overrides (explicit values are not scaled; keys
     * of {@code adapt.*} are left to the methods that know them), the scenario's datasets and
     * the seed.
     */
    public static TrainConfig train(RunSpec spec, String trainSpec) {
        TrainConfig preset = spec.configFile() == null ? TrainConfig.defaults() : Configs.load(spec.configFile());
        TrainConfig base = spec.iterations() == null ? preset : preset.withIterations(spec.iterations());
        Map<String, Object> o = new LinkedHashMap<>();
        overrides(spec, trainSpec).forEach((k, v) -> {
            if (!k.startsWith(AdaptConfig.SECTION + ".")) {
                o.put(k, v);
            }
        });
        try {
            return Configs.withOverrides(base, o);
        } catch (IllegalArgumentException e) {
            throw new ScdaException("run " + spec.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The adaptation config of {@code spec} (method {@code scda}): the preset file (or the
     * defaults), the overrides including {@code adapt.*}, the scenario's datasets with its
     * unlabelled target as {@code adapt.target}, the run's method as {@code adapt.method}
     * ({@code scda} or {@code da-faster}, whatever the preset file says), the seed and the
     * iterations.
     */
    public static AdaptConfig adapt(RunSpec spec) {
        AdaptConfig preset = spec.configFile() == null ? AdaptConfig.defaults() : AdaptConfig.load(spec.configFile());
        AdaptConfig base = spec.iterations() == null ? preset
                : new AdaptConfig(preset.train().withIterations(spec.iterations()), preset.adapt());
        if (spec.scenario().target() == null || spec.scenario().target().isBlank()) {
            throw new ScdaException("run " + spec.id() + ": scenario " + spec.scenarioId() + " names no target data");
        }
        Map<String, Object> o = overrides(spec, spec.scenario().source());
        o.put(AdaptConfig.SECTION + ".target", spec.scenario().target());
        o.put(AdaptConfig.SECTION + ".method", spec.method());
        try {
            return base.withOverrides(o);
        } catch (IllegalArgumentException e) {
            throw new ScdaException("run " + spec.id() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> overrides(RunSpec spec, String trainSpec) {
        Map<String, Object> o = new LinkedHashMap<>(spec.overrides());
        o.put("data.source", trainSpec);
        o.put("data.sourceVal", spec.scenario().sourceVal());
        o.put("data.targetVal", spec.scenario().targetVal());
        o.put("seed", spec.seed());
        return o;
    }
}
