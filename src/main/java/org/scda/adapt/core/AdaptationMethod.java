package org.scda.adapt.core;

import java.io.IOException;
import java.util.Set;

/**
 * One way of adapting a detector to an unlabelled target domain, run by
 * {@link AdaptationTraining}: the method checks its settings, builds what one run's iterations
 * need ({@link #plan}) and may work on the selected detector after training
 * ({@link #afterTraining}). Everything else (data, detector, optimiser, schedule, evaluation,
 * checkpoints, rollback, resume, the summary) is the same for every method and lives in
 * {@link AdaptationTraining}. The methods of this build are listed in one table,
 * {@code AdaptationMethods} in the package above this one.
 */
public interface AdaptationMethod {

    /** The name config files, {@code scda adapt --method} and experiment files use. */
    String name();

    /** One line for {@code --help} and the run summary. */
    String description();

    /**
     * The {@code adapt:} settings this method reads, by key ({@link AdaptSettings} field names).
     * {@link AdaptSettings#SHARED} are read by every method; any other setting with a value
     * other than its default is an error for a method that does not list it.
     */
    Set<String> settings();

    /**
     * The settings a run with {@code settings} reads (for its summary and result): by default
     * {@link #settings()}; a method whose options switch others on (e.g. an alignment term) narrows it.
     */
    default Set<String> settingsRead(AdaptSettings settings) {
        return settings();
    }

    /**
     * Checks the settings this method reads (the shared ones are checked by
     * {@link AdaptSettings} itself); called when a config is resolved, before any data is loaded.
     *
     * @throws IllegalArgumentException naming the setting ({@code adapt.KEY}) and what is wrong
     */
    void validate(AdaptSettings settings);

    /** Whether the run's iterations draw target images (false: source-only training, then {@link #afterTraining}). */
    default boolean trainsWithTarget() {
        return true;
    }

    /** The step, modules and summary fields of one run; its resources are closed when the run ends. */
    AdaptationPlan plan(AdaptationContext context) throws IOException;

    /**
     * Work on the selected detector after training and its final evaluation (e.g. AdaBN's
     * statistics); the default reports the selected checkpoint as it is.
     *
     * @return the checkpoint and evaluation the run reports and the experiment evaluates
     */
    default AdaptationResult afterTraining(AdaptationContext context, AdaptationResult selected) throws IOException {
        return selected;
    }
}
