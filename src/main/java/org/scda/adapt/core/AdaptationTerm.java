package org.scda.adapt.core;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnnOutput;

/**
 * One method's term on top of another method's iteration (e.g. the region alignment of
 * selective cross-domain alignment on top of a mean teacher): computed inside the iteration's
 * gradient collector from the source and target forward passes and added to the loss, with
 * updates of its own modules, which are checkpointed, rolled back and resumed with the host's.
 * The method package that owns the term exposes a {@link Factory}; the table in the package
 * above this one hands it to the host method, so neither method package imports the other.
 */
public interface AdaptationTerm extends AdaptationModules, AutoCloseable {

    /**
     * The term (a scalar on the detector's graph), or null for none this iteration; it may update
     * its own modules here and put values to log into {@code values}.
     *
     * @param source the labelled source forward pass
     * @param target the target forward pass as the term needs it (top-N proposals with their RoI features)
     */
    NDArray term(GradientCollector collector, TrainingLoop loop, int iteration, FasterRcnnOutput source,
                 FasterRcnnOutput target, Map<String, Double> values);

    /** After the detector's update (or its skip) of an iteration that computed the term. */
    void afterUpdate(TrainingLoop loop, int iteration, double lr, boolean finite);

    /**
     * Whether the term reads the target's regions (its top-N proposals with their RoI features,
     * one more RoI-head pass for the host) or only its backbone features.
     */
    default boolean readsRegions() {
        return true;
    }

    /** Pictures written so far. */
    List<Path> pictures();

    @Override
    void close();

    /** How a host method makes the term of one run. */
    interface Factory {

        /** The {@code adapt:} settings the term reads (as {@link AdaptationMethod#settings()}). */
        Set<String> settings();

        /** Checks them, as {@link AdaptationMethod#validate}. */
        void validate(AdaptSettings settings);

        /** The term of one run; its first iteration is the context's {@code warmupIterations}. */
        AdaptationTerm create(AdaptationContext context);
    }
}
