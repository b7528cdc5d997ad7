package org.scda.experiment;

import java.util.Map;
import org.scda.util.ScdaException;

/**
 * One row of a table: a method with its preset and settings.
 *
 * @param label     the row's name in tables (e.g. {@code Type2 w/o estimator})
 * @param method    {@code source-only}, {@code oracle}, {@code da-faster} or {@code scda}
 * @param config    a config file (preset) the run starts from, or null for the method's defaults;
 *                  resolved against the experiment file's folder, the working directory and
 *                  the built-in {@code configs/} resources
 * @param overrides config values by dotted path ({@code solver.baseLr},
 *                  {@code adapt.ablations.withoutEstimator}), applied after the experiment's
 */
public record VariantSpec(String label, String method, String config, Map<String, Object> overrides) {

    public VariantSpec {
        if (method == null || method.isBlank()) {
            throw new ScdaException("a variant needs a method");
        }
        overrides = overrides == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(overrides));
    }
}
