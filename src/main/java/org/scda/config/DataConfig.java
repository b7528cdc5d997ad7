package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Which datasets a run uses, as dataset specs ({@code FORMAT:PATH[?k=v]}).
 *
 * @param source    labelled training data
 * @param sourceVal labelled validation data of the source domain (model selection)
 * @param targetVal labelled validation data of the target domain (reporting only), or null or
 *                  empty for none
 * @param valLimit  evaluate on at most this many images during training (0: all)
 */
public record DataConfig(
        @JsonPropertyDescription("labelled training dataset spec") String source,
        @JsonPropertyDescription("source validation dataset spec (model selection)") String sourceVal,
        @JsonPropertyDescription("target validation dataset spec (reporting only), optional") String targetVal,
        @JsonPropertyDescription("images used by periodic evaluation, 0 = all") int valLimit) {

    /** The dataset format of the built-in benchmarks. */
    public static final String BUILT_IN_FORMAT = "synth";

    /** Whether a dataset spec names a built-in benchmark split ({@code synth:...}). */
    public static boolean isBuiltIn(String spec) {
        return spec != null && spec.startsWith(BUILT_IN_FORMAT + ":");
    }

    /**
     * This data section with the built-in benchmark's validation splits kept for runs on a
     * built-in benchmark only. The defaults ({@link TrainConfig#defaults()}) name the foggy
     * benchmark's splits, whose classes a user's own data does not share; so when the source is
     * not built in, a target-val still at the built-in default becomes none, and a source-val
     * still at the built-in default is an error (model selection needs the user's own). A value
     * the user gave explicitly is kept whatever it is.
     *
     * @param sourceValGiven whether the user set the source-val (on the command line)
     * @param targetValGiven whether the user set the target-val
     * @throws IllegalArgumentException naming the source and the missing setting
     */
    public DataConfig forSource(boolean sourceValGiven, boolean targetValGiven) {
        if (isBuiltIn(source)) {
            return this;
        }
        DataConfig builtIn = TrainConfig.defaults().data();
        if (!sourceValGiven && builtIn.sourceVal().equals(sourceVal)) {
            throw new IllegalArgumentException("the source " + source + " is not a built-in benchmark, so the built-in "
                    + builtIn.sourceVal() + " is no source-val for it: give --source-val (data.sourceVal)");
        }
        boolean dropTargetVal = !targetValGiven && builtIn.targetVal().equals(targetVal);
        return dropTargetVal ? new DataConfig(source, sourceVal, "", valLimit) : this;
    }
}
