package org.scda.adapt.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;

/**
 * What a method contributes to one run (see {@link AdaptationMethod#plan}).
 *
 * @param step           the iteration, or null for the supervised step of {@link TrainingLoop}
 * @param modules        the method's own trained modules (checkpointed, rolled back, resumed with the detector)
 * @param summaryFields  extra top-level fields of {@code summary.json} (e.g. the region preset)
 * @param pictures       the pictures written so far (read at the end of the run)
 * @param resources      closed when the run ends (e.g. the modules' manager), or null
 * @param evaluated      the detector that is evaluated, selected and written as {@code model_best.ckpt}
 *                       at each evaluation (e.g. a mean teacher), or null for the loop's detector
 * @param selectableFrom the first iteration whose evaluation may be selected as the best (earlier
 *                       ones are recorded only), e.g. when the evaluated detector starts
 */
public record AdaptationPlan(TrainingLoop.Step step, AdaptationModules modules, Map<String, Object> summaryFields,
                             Supplier<List<Path>> pictures, AutoCloseable resources, Supplier<FasterRcnn> evaluated,
                             int selectableFrom) {

    public AdaptationPlan {
        if (modules == null) {
            throw new IllegalArgumentException("modules are required (AdaptationModules.NONE for none)");
        }
        summaryFields = Map.copyOf(summaryFields == null ? Map.of() : summaryFields);
        pictures = pictures == null ? List::of : pictures;
        if (selectableFrom < 0) {
            throw new IllegalArgumentException("selectableFrom must be >= 0, got " + selectableFrom);
        }
    }

    /** A plan whose loop's detector is the one evaluated and selected, from the first iteration. */
    public AdaptationPlan(TrainingLoop.Step step, AdaptationModules modules, Map<String, Object> summaryFields,
                          Supplier<List<Path>> pictures, AutoCloseable resources) {
        this(step, modules, summaryFields, pictures, resources, null, 0);
    }

    /** Source-only iterations and no modules of its own (e.g. AdaBN, whose work comes after training). */
    public static AdaptationPlan supervised(Map<String, Object> summaryFields) {
        return new AdaptationPlan(null, AdaptationModules.NONE, summaryFields, null, null);
    }
}
