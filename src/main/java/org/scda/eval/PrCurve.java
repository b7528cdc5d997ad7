package org.scda.eval;


/**
 * A per-class precision/recall curve as stored in {@code result.json}: at most
 * {@link #MAX_POINTS} points of the evaluator's curve (the first, the last, and evenly spaced
 * ones between; enough to plot, not to recompute AP).
 *
 * @param npos      ground-truth boxes counted
 * @param recall    recall values, non-decreasing
 * @param precision precision at each recall value
 */
public record PrCurve(int npos, double[] recall, double[] precision) {
    /** Points kept per curve. */
    public static final int MAX_POINTS = 200;

    /** The curve thinned to at most {@link #MAX_POINTS} points. */
    public static PrCurve of(VocEvaluator.PrecisionRecall c) {
        int n = c.recall().length;
        int m = Math.min(n, MAX_POINTS);
        double[] r = new double[m];
        double[] p = new double[m];
        for (int i = 0; i < m; i++) {
            int k = m == 1 ? n - 1 : (int) Math.round(i * (n - 1) / (double) (m - 1));
            r[i] = c.recall()[k];
            p[i] = c.precision()[k];
        }
        return new PrCurve(c.npos(), r, p);
    }
}
