package org.scda.adapt.core;

import java.nio.file.Path;
import java.util.List;
import org.scda.engine.Hooks;
import org.scda.engine.SettingsChange;

/**
 * The outcome of an adaptation run.
 *
 * @param outDir                  the run directory
 * @param modelSelection          {@code source-val} or {@code last}
 * @param selected                the evaluation of the selected model (source-val and, reported only, target-val)
 * @param selectedCheckpoint      the checkpoint file of the selected model
 * @param best                    the best evaluation by source-val mAP (null when none)
 * @param last                    the evaluation after the last iteration
 * @param iterations              iterations completed
 * @param warmupIterations        source-only iterations before alignment
 * @param skippedSteps            detector updates skipped for a non-finite loss
 * @param skippedAlignmentUpdates alignment updates (D, Dw, G) skipped for a non-finite loss
 * @param rollbacks               rollbacks to the last good checkpoint
 * @param medianAlignedMs         median wall time of an aligned iteration, ms
 * @param medianWarmupMs          median wall time of a warm-up iteration, ms
 * @param wallSeconds             wall time of the whole run
 * @param trainSeconds            wall time of the training iterations (with periodic evaluation)
 * @param pictures                region-mining pictures written
 * @param settingsChanges         settings changed on resume ({@code --resume-with-changes}), in order
 */
public record AdaptSummary(Path outDir, String modelSelection, Hooks.Evaluation selected, Path selectedCheckpoint,
                           Hooks.Evaluation best, Hooks.Evaluation last, int iterations, int warmupIterations,
                           int skippedSteps, int skippedAlignmentUpdates, int rollbacks, double medianAlignedMs,
                           double medianWarmupMs, double wallSeconds, double trainSeconds, List<Path> pictures,
                           List<SettingsChange> settingsChanges) {

    public AdaptSummary {
        pictures = List.copyOf(pictures);
        settingsChanges = List.copyOf(settingsChanges);
    }
}
