package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * When a training run counts as diverged, and what it then does (the {@code divergence:}
 * section, shared by {@code scda train} and {@code scda adapt}). An iteration is diverged when
 * its total loss is not finite, when the loss is over {@code lossFactor} times the median of the
 * last {@code window} healthy iterations' losses, or when it ends a streak of
 * {@code skipStreak} iterations whose updates were skipped (non-finite gradients of the detector
 * or of an adaptation module). A diverged iteration rolls the run back to its last checkpoint
 * (only healthy iterations write checkpoints), at most {@code maxRollbacks} times a run; then,
 * or without a checkpoint to go back to, the run stops with a one-line reason.
 *
 * @param lossFactor   a finite loss over this many times the running median is an explosion;
 *                     the default 100 leaves a wide margin over healthy runs, whose largest
 *                     ratio {@code summary.json} reports ({@code divergence.largest_loss_ratio})
 * @param window       healthy iterations the running median is taken over
 * @param skipStreak   consecutive iterations with a skipped update that count as divergence
 * @param maxRollbacks rollbacks to the last healthy checkpoint before a diverging run stops (0:
 *                     stop at the first divergence)
 */
public record DivergenceConfig(
        @JsonPropertyDescription("a loss over this many times the median of the recent healthy losses is divergence")
        double lossFactor,
        @JsonPropertyDescription("healthy iterations the running median of the loss is taken over") int window,
        @JsonPropertyDescription("consecutive iterations with skipped (non-finite) updates that count as divergence")
        int skipStreak,
        @JsonPropertyDescription("rollbacks to the last healthy checkpoint before a diverging run stops, 0 = none")
        int maxRollbacks) {

    /** Factor 100 over the median of 100 iterations, 20 skipped iterations, 3 rollbacks. */
    public static final DivergenceConfig DEFAULTS = new DivergenceConfig(100, 100, 20, 3);

    public DivergenceConfig {
        if (!(lossFactor > 1) || Double.isInfinite(lossFactor)) {
            throw new IllegalArgumentException("divergence.lossFactor must be a finite number > 1, got " + lossFactor);
        }
        if (window < 1) {
            throw new IllegalArgumentException("divergence.window must be >= 1, got " + window);
        }
        if (skipStreak < 1) {
            throw new IllegalArgumentException("divergence.skipStreak must be >= 1, got " + skipStreak);
        }
        if (maxRollbacks < 0) {
            throw new IllegalArgumentException("divergence.maxRollbacks must be >= 0, got " + maxRollbacks);
        }
    }
}
