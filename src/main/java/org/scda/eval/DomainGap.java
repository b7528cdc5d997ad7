package org.scda.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How well a linear classifier tells two domains apart from feature vectors: the proxy
 * A-distance of Ben-David et al. (2007), {@code PAD = 2 (1 - 2 err)}, with {@code err} the
 * held-out error of a domain classifier. 0 means the domains are indistinguishable to it, 2
 * perfectly separable. It is what feature alignment (region-level or DA Faster's) tries to
 * lower, measured after training with a classifier that took no part in it.
 *
 * <p>How: the vectors of both domains are standardised with their pooled mean and standard
 * deviation; two-fold cross-validation (each domain split in half at random, seeded) trains an
 * L2-regularised logistic regression by full-batch gradient descent on one half and counts the
 * errors on the other, then the other way round; {@code err} is the mean of the two folds'
 * class-balanced error (the mean of the two domains' error rates), so unequal counts do not
 * make a constant guess look informative. Pure Java, no engine.
 */
public final class DomainGap {

    /** Gradient-descent iterations of each fold's fit. */
    static final int ITERATIONS = 500;
    /** Step size on standardised features. */
    static final double STEP = 0.5;
    /** L2 weight on the coefficients (not the bias). */
    static final double L2 = 1e-2;

    private DomainGap() {
    }

    /**
     * The result for one feature level.
     *
     * @param dims         feature dimension
     * @param sourceCount  source vectors
     * @param targetCount  target vectors
     * @param heldOutError class-balanced held-out error of the domain classifier, in [0, 1]
     * @param trainError   class-balanced error on the halves it was fitted on (a sanity check:
     *                     far below {@code heldOutError} means it overfits)
     * @param meanEffectSize the mean over dimensions of {@code |mean_s - mean_t| / sqrt((var_s + var_t) / 2)}
     *                     (Cohen's d; dimensions constant in both domains left out): how many
     *                     within-domain standard deviations apart the domains sit in a typical
     *                     feature. Graded where the classifier saturates (a large shift such as
     *                     fog is separable by any feature, and PAD stays at 2).
     */
    public record Result(int dims, int sourceCount, int targetCount, double heldOutError, double trainError,
                         double meanEffectSize) {

        /** Held-out accuracy, {@code 1 - heldOutError}. */
        public double accuracy() {
            return 1 - heldOutError;
        }

        /**
         * Proxy A-distance {@code 2 (1 - 2 err)}, clipped at 0 below (a held-out error above
         * one half is chance).
         */
        public double proxyADistance() {
            return Math.max(0, 2 * (1 - 2 * heldOutError));
        }
    }

    /**
     * Measures the gap between two sets of vectors of one dimension.
     *
     * @param source at least 4 vectors
     * @param target at least 4 vectors, of the source's length
     * @param seed   the split's seed
     * @throws IllegalArgumentException for fewer than 4 vectors a domain, ragged or non-finite vectors
     */
    public static Result measure(List<float[]> source, List<float[]> target, long seed) {
        if (source.size() < 4 || target.size() < 4) {
            throw new IllegalArgumentException("need at least 4 vectors of each domain for two folds, got "
                    + source.size() + " source and " + target.size() + " target");
        }
        int dims = source.get(0).length;
        double[][] x = new double[source.size() + target.size()][];
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            boolean isSource = i < source.size();
            float[] v = isSource ? source.get(i) : target.get(i - source.size());
            if (v.length != dims) {
                throw new IllegalArgumentException("vector " + i + " has " + v.length + " values, the first " + dims);
            }
            x[i] = new double[dims];
            for (int j = 0; j < dims; j++) {
                if (!Float.isFinite(v[j])) {
                    throw new IllegalArgumentException("vector " + i + " has a non-finite value at " + j);
                }
                x[i][j] = v[j];
            }
            y[i] = isSource ? 1 : 0;
        }
        double effect = meanEffectSize(x, source.size());
        standardise(x);
        Random random = new Random(seed);
        List<List<Integer>> folds = List.of(new ArrayList<>(), new ArrayList<>());
        split(0, source.size(), random, folds);
        split(source.size(), x.length, random, folds);
        double heldOut = 0;
        double train = 0;
        for (int f = 0; f < 2; f++) {
            List<Integer> fit = folds.get(f);
            List<Integer> test = folds.get(1 - f);
            double[] w = fit(x, y, fit);
            heldOut += balancedError(x, y, test, w) / 2;
            train += balancedError(x, y, fit, w) / 2;
        }
        return new Result(dims, source.size(), target.size(), heldOut, train, effect);
    }

    /**
     * Both domains' vectors on the first two principal components of the pooled, standardised
     * vectors (unsupervised, so it shows the spread without a classifier's fitting): what a
     * scatter plot of the gap draws.
     *
     * @param source   {@code (n_s, 2)} coordinates
     * @param target   {@code (n_t, 2)} coordinates
     * @param variance the fraction of the total (standardised) variance each component explains
     */
    public record Projection(double[][] source, double[][] target, double[] variance) {
    }

    /** Projects two sets of vectors of one dimension on their pooled first two principal components. */
    public static Projection project(List<float[]> source, List<float[]> target) {
        int n = source.size() + target.size();
        int dims = source.get(0).length;
        double[][] x = new double[n][dims];
        for (int i = 0; i < n; i++) {
            float[] v = i < source.size() ? source.get(i) : target.get(i - source.size());
            for (int j = 0; j < dims; j++) {
                x[i][j] = v[j];
            }
        }
        standardise(x);
        double[][] cov = new double[dims][dims];
        for (double[] row : x) {
            for (int a = 0; a < dims; a++) {
                for (int b = a; b < dims; b++) {
                    cov[a][b] += row[a] * row[b] / n;
                }
            }
        }
        double total = 0;
        for (int a = 0; a < dims; a++) {
            total += cov[a][a];
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        double[][] components = new double[2][];
        double[] variance = new double[2];
        for (int c = 0; c < 2; c++) {
            components[c] = leadingEigenvector(cov);
            double lambda = quadratic(cov, components[c]);
            variance[c] = total > 0 ? lambda / total : 0;
            for (int a = 0; a < dims; a++) { // deflate
                for (int b = 0; b < dims; b++) {
                    cov[a][b] -= lambda * components[c][a] * components[c][b];
                }
            }
        }
        double[][] coords = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                double s = 0;
                for (int j = 0; j < dims; j++) {
                    s += x[i][j] * components[c][j];
                }
                coords[i][c] = s;
            }
        }
        return new Projection(java.util.Arrays.copyOfRange(coords, 0, source.size()),
                java.util.Arrays.copyOfRange(coords, source.size(), n), variance);
    }

    /** Power iteration from a fixed start (deterministic), unit length. */
    static double[] leadingEigenvector(double[][] m) {
        int d = m.length;
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = 1 + 0.01 * j;
        }
        double[] next = new double[d];
        for (int it = 0; it < 300; it++) {
            double norm = 0;
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int b = 0; b < d; b++) {
                    s += m[a][b] * v[b];
                }
                next[a] = s;
                norm += s * s;
            }
            norm = Math.sqrt(norm);
            if (norm < 1e-300) {
                break;
            }
            for (int a = 0; a < d; a++) {
                v[a] = next[a] / norm;
            }
        }
        return v;
    }

    private static double quadratic(double[][] m, double[] v) {
        double s = 0;
        for (int a = 0; a < v.length; a++) {
            for (int b = 0; b < v.length; b++) {
                s += v[a] * m[a][b] * v[b];
            }
        }
        return s;
    }

    /** Indices {@code from..to-1} shuffled, alternately into the two folds. */
    private static void split(int from, int to, Random random, List<List<Integer>> folds) {
        List<Integer> idx = new ArrayList<>();
        for (int i = from; i < to; i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, random);
        for (int i = 0; i < idx.size(); i++) {
            folds.get(i % 2).add(idx.get(i));
        }
    }

    /** Mean Cohen's d over the dimensions; rows {@code 0..split-1} are one domain, the rest the other. */
    static double meanEffectSize(double[][] x, int split) {
        int dims = x[0].length;
        double sum = 0;
        int counted = 0;
        for (int j = 0; j < dims; j++) {
            double[] a = moments(x, 0, split, j);
            double[] b = moments(x, split, x.length, j);
            double pooled = Math.sqrt((a[1] + b[1]) / 2);
            if (pooled > 1e-12) {
                sum += Math.abs(a[0] - b[0]) / pooled;
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /** Mean and (population) variance of column {@code j} over rows {@code from..to-1}. */
    private static double[] moments(double[][] x, int from, int to, int j) {
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += x[i][j];
        }
        mean /= to - from;
        double var = 0;
        for (int i = from; i < to; i++) {
            var += (x[i][j] - mean) * (x[i][j] - mean);
        }
        return new double[] {mean, var / (to - from)};
    }

    /** Pooled mean 0 and standard deviation 1 per dimension (constant dimensions become 0). */
    static void standardise(double[][] x) {
        int dims = x[0].length;
        for (int j = 0; j < dims; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j];
            }
            mean /= x.length;
            double var = 0;
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean);
            }
            double std = Math.sqrt(var / x.length);
            for (double[] row : x) {
                row[j] = std > 1e-12 ? (row[j] - mean) / std : 0;
            }
        }
    }

    /**
     * Logistic regression on the rows {@code rows}, each domain weighted by the inverse of its
     * count; returns {@code dims} coefficients then the bias.
     */
    static double[] fit(double[][] x, int[] y, List<Integer> rows) {
        int dims = x[0].length;
        double[] w = new double[dims + 1];
        int positives = 0;
        for (int i : rows) {
            positives += y[i];
        }
        int negatives = rows.size() - positives;
        double[] grad = new double[dims + 1];
        for (int it = 0; it < ITERATIONS; it++) {
            java.util.Arrays.fill(grad, 0);
            for (int i : rows) {
                double p = sigmoid(score(w, x[i]));
                double weight = y[i] == 1 ? 0.5 / positives : 0.5 / negatives;
                double r = weight * (p - y[i]);
                for (int j = 0; j < dims; j++) {
                    grad[j] += r * x[i][j];
                }
                grad[dims] += r;
            }
            for (int j = 0; j < dims; j++) {
                w[j] -= STEP * (grad[j] + L2 * w[j]);
            }
            w[dims] -= STEP * grad[dims];
        }
        return w;
    }

    /** Mean over the two domains of the fraction of {@code rows} classified wrongly. */
    static double balancedError(double[][] x, int[] y, List<Integer> rows, double[] w) {
        int[] wrong = new int[2];
        int[] count = new int[2];
        for (int i : rows) {
            count[y[i]]++;
            boolean saysSource = score(w, x[i]) > 0;
            if (saysSource != (y[i] == 1)) {
                wrong[y[i]]++;
            }
        }
        return 0.5 * ((double) wrong[0] / count[0] + (double) wrong[1] / count[1]);
    }

    private static double score(double[] w, double[] row) {
        double s = w[row.length];
        for (int j = 0; j < row.length; j++) {
            s += w[j] * row[j];
        }
        return s;
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
