package org.scda.experiment;

import java.util.List;
import org.scda.util.ScdaException;

/**
 * The datasets of one domain pair, as dataset specs ({@code FORMAT:PATH?k=v}).
 *
 * @param source    labelled source training data
 * @param sourceVal labelled source validation data (model selection)
 * @param target    unlabelled target training data (adaptation methods)
 * @param targetVal labelled target validation data (reported, never used for selection)
 * @param oracle    labelled target training data (the oracle's training set)
 * @param overrides config values every run of the scenario uses (e.g. KITTI's shorter side
 *                  375), applied after the experiment's and before the variant's
 */
public record ScenarioSpec(String source, String sourceVal, String target, String targetVal, String oracle,
                           java.util.Map<String, Object> overrides) {

    public ScenarioSpec {
        overrides = overrides == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(overrides));
        if (blank(source) || blank(sourceVal) || blank(targetVal)) {
            throw new ScdaException("a scenario needs source, sourceVal and targetVal dataset specs");
        }
    }

    /**
     * A built-in synthetic pair {@code synth:NAME/...}; a non-empty {@code classes} keeps only
     * those classes in every split (Table 4's shared class {@code car}).
     */
    public static ScenarioSpec synth(String name, List<String> classes) {
        if (name == null || name.isBlank()) {
            throw new ScdaException("synth: needs a scenario name (foggy, sim2real, camera)");
        }
        String suffix = classes == null || classes.isEmpty() ? "" : "?classes=" + String.join(",", classes);
        String p = "synth:" + name + "/";
        return new ScenarioSpec(p + "source/train" + suffix, p + "source/val" + suffix, p + "target/train" + suffix,
                p + "target/val" + suffix, p + "target_oracle/train" + suffix, java.util.Map.of());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
