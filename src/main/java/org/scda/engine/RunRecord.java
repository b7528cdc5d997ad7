package org.scda.engine;

import java.util.List;

/**
 * What a checkpoint records about its run besides the model, so that resuming or rolling back
 * continues it exactly and its provenance stays complete.
 *
 * @param skippedSteps    detector steps skipped so far (non-finite gradients)
 * @param rollbacks       rollbacks to a healthy checkpoint so far
 * @param recentLosses    the divergence guard's window of recent healthy losses, oldest first
 * @param settingsChanges the settings changed on resume so far, in order
 * @param evaluationPending whether a stop cut short the evaluation due at the checkpoint's
 *                        iteration (written after it instead), so that resuming evaluates first
 */
public record RunRecord(int skippedSteps, int rollbacks, List<Double> recentLosses,
                        List<SettingsChange> settingsChanges, boolean evaluationPending) {

    /** A checkpoint written before runs kept a record (or outside a run, e.g. by AdaBN). */
    public static final RunRecord NONE = new RunRecord(0, 0, List.of(), List.of(), false);

    public RunRecord {
        recentLosses = List.copyOf(recentLosses);
        settingsChanges = List.copyOf(settingsChanges);
    }
}
