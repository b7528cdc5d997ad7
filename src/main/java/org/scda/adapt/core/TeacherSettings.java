package org.scda.adapt.core;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The mean teacher's settings ({@code adapt.teacher}, read by the method {@code mean-teacher}):
 * the teacher is an exponential moving average of the student, its confident detections on
 * target images are the student's pseudo-labels.
 *
 * @param keepRate           the teacher's EMA keep rate per iteration, in [0, 1); null = scaled to the
 *                           schedule ({@link #keepRateFor}: 0.9996 at the paper's 70,000 iterations)
 * @param threshold          the teacher's score above which a detection becomes a pseudo-label, in (0, 1)
 * @param unsupervisedWeight the weight of the student's losses on pseudo-labels (RPN objectness and
 *                           RoI classification), >= 0
 * @param align              a method's alignment term on top of the teacher ({@value #NO_ALIGNMENT}; {@code image}: an
 *                           image-level domain classifier behind gradient reversal, weight {@code adapt.lambda};
 *                           {@code scda}: the region alignment; both on the student's strong view)
 */
public record TeacherSettings(
        @JsonPropertyDescription("teacher EMA keep rate per iteration in [0, 1); null = scaled to the schedule"
                + " (0.9996 at 70k iterations)") Double keepRate,
        @JsonPropertyDescription("teacher score above which a detection is a pseudo-label, in (0, 1)") double threshold,
        @JsonPropertyDescription("weight of the student's pseudo-label losses") double unsupervisedWeight,
        @JsonPropertyDescription("alignment on top of the teacher: none | image | scda") String align) {

    /** No alignment term: the teacher alone. */
    public static final String NO_ALIGNMENT = "none";

    /** The published recipes' values (Unbiased / Adaptive Teacher), the keep rate scaled to the schedule. */
    public static final TeacherSettings DEFAULTS = new TeacherSettings(null, 0.8, 1.0, NO_ALIGNMENT);

    /** The published keep rate ... */
    public static final double PAPER_KEEP_RATE = 0.9996;
    /** ... at this schedule length (the SCDA paper's 70k iterations). */
    public static final int PAPER_ITERATIONS = 70_000;

    public TeacherSettings {
        if (align == null) {
            align = NO_ALIGNMENT;
        }
        if (keepRate != null && !(keepRate >= 0 && keepRate < 1)) {
            throw new IllegalArgumentException("adapt.teacher.keepRate must be in [0, 1), got " + keepRate);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("adapt.teacher.threshold must be in (0, 1), got " + threshold);
        }
        if (!(unsupervisedWeight >= 0) || Double.isInfinite(unsupervisedWeight)) {
            throw new IllegalArgumentException("adapt.teacher.unsupervisedWeight must be a finite number >= 0, got "
                    + unsupervisedWeight);
        }
    }

    /** The keep rate of a run of {@code iterations}: {@link #keepRate()}, or {@link #keepRateFor} when not set. */
    public double keepRate(int iterations) {
        return keepRate != null ? keepRate : keepRateFor(iterations);
    }

    /**
     * The keep rate whose averaging horizon {@code 1 / (1 - keep)} is the same fraction of a
     * schedule of {@code iterations} as 0.9996's 2,500 iterations are of 70,000 (3.6%):
     * {@code 1 - 0.0004 * 70000 / iterations}, at least 0 (3000 iterations: 0.9907, a horizon of
     * 107 iterations).
     */
    public static double keepRateFor(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        return Math.max(0, 1 - (1 - PAPER_KEEP_RATE) * PAPER_ITERATIONS / iterations);
    }
}
