package org.scda.engine;

/**
 * A run's last checkpoint, as {@link TrainingLoop} and {@link Hooks.Checkpointing} see it:
 * written while the run is healthy (periodically, and when a stop is requested), read back when
 * the run diverges. {@link DetectorCheckpoint} is a source-only run's;
 * {@link AdaptationHooks.AdaptationCheckpoint} adds an adaptation run's modules.
 */
public interface RunCheckpoint {

    /** Writes the loop's current state (atomically: a crash leaves the previous checkpoint). */
    void save(TrainingLoop loop);

    /** Iterations completed at the checkpoint written or resumed from, or -1 when there is none. */
    int iteration();

    /**
     * Restores the checkpoint's weights and optimiser state (and the run's own modules) into the
     * loop's model; the loop's iteration, RNG and counters are left as they are.
     *
     * @return what the checkpoint recorded
     */
    Checkpoint restore(TrainingLoop loop);
}
