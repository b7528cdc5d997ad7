package org.scda.engine;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.scda.config.DivergenceConfig;

/**
 * Judges each training iteration healthy or diverged ({@link DivergenceConfig}): a non-finite
 * loss, a loss over {@code lossFactor} times the median of the recent healthy losses, or the
 * {@code skipStreak}-th consecutive iteration with a skipped update. Only healthy iterations
 * enter the running median, so an explosion cannot raise its own bar. Pure bookkeeping, no
 * engine: {@link TrainingLoop} feeds it and decides what a divergence does.
 */
public final class DivergenceGuard {
    private final DivergenceConfig config;
    private final ArrayDeque<Double> recent = new ArrayDeque<>();
    private int skipStreak;
    private double largestRatio = Double.NaN;

    public DivergenceGuard(DivergenceConfig config) {
        this.config = config;
    }

    public DivergenceConfig config() {
        return config;
    }

    /**
     * Judges one iteration.
     *
     * @param loss          its total loss
     * @param skippedUpdate whether an update of the iteration was skipped (non-finite gradients)
     * @return empty when healthy, else why it is diverged (one line, without the iteration)
     */
    public Optional<String> observe(double loss, boolean skippedUpdate) {
        if (!Double.isFinite(loss)) {
            return Optional.of("the loss is " + loss);
        }
        if (!recent.isEmpty()) {
            double median = median();
            double ratio = loss / median;
            if (median > 0 && ratio > config.lossFactor()) {
                return Optional.of(String.format(Locale.ROOT,
                        "loss %.3g is %.3g times the median %.3g of the last %d healthy iterations"
                                + " (divergence.lossFactor %s)", loss, ratio, median, recent.size(),
                        number(config.lossFactor())));
            }
            if (median > 0 && !(ratio <= largestRatio)) {
                largestRatio = ratio;
            }
        }
        skipStreak = skippedUpdate ? skipStreak + 1 : 0;
        if (skipStreak >= config.skipStreak()) {
            int streak = skipStreak;
            skipStreak = 0;
            return Optional.of(streak + " consecutive iterations skipped an update for non-finite gradients"
                    + " (divergence.skipStreak " + config.skipStreak() + ")");
        }
        recent.addLast(loss);
        while (recent.size() > config.window()) {
            recent.removeFirst();
        }
        return Optional.empty();
    }

    /** The median of the recent healthy losses (NaN before any). */
    public double median() {
        if (recent.isEmpty()) {
            return Double.NaN;
        }
        double[] v = recent.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The recent healthy losses, oldest first (what a checkpoint records). */
    public List<Double> recentLosses() {
        return List.copyOf(recent);
    }

    /** Continues from a checkpoint's recent losses (on resume and after a rollback); the skip streak restarts. */
    public void restore(List<Double> recentLosses) {
        recent.clear();
        recentLosses.forEach(recent::addLast);
        while (recent.size() > config.window()) {
            recent.removeFirst();
        }
        skipStreak = 0;
    }

    /**
     * The largest ratio of a healthy iteration's loss to the running median before it, in this
     * session (NaN before the second iteration): how close the run came to {@code lossFactor}.
     */
    public double largestRatio() {
        return largestRatio;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
