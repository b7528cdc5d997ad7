package org.scda.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param outDir         the run directory
 * @param best           evaluation of the best checkpoint (by source-val mAP)
 * @param last           evaluation after the last iteration
 * @param iterations     iterations completed
 * @param skippedSteps   updates skipped for non-finite gradients
 * @param wallSeconds    wall time of the whole run (data loading, training, evaluation)
 * @param trainSeconds   wall time of the training iterations alone
 * @param rollbacks      rollbacks to the last healthy checkpoint after a divergence
 * @param settingsChanges settings changed on resume ({@code --resume-with-changes}), in order
 */
public record TrainSummary(Path outDir, Hooks.Evaluation best, Hooks.Evaluation last, int iterations,
                           int skippedSteps, double wallSeconds, double trainSeconds, int rollbacks,
                           List<SettingsChange> settingsChanges) {

    public TrainSummary {
        settingsChanges = List.copyOf(settingsChanges);
    }
}
