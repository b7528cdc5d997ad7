package org.scda.adapt.mining;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * K-means on 2-D points with k-means++ initialisation and Lloyd iterations; deterministic for a
 * seed.
 *
 * <p>Always returns exactly {@code k} centroids, because the region generators need exactly K
 * regions:
 * <ul>
 *   <li>Fewer distinct points than {@code k}: k-means++ picks every distinct point once, then
 *       the remaining centroids duplicate the already chosen ones in the order they were chosen.
 *       Ties in assignment go to the lowest centroid index, so the duplicates own no points;
 *       {@link SelectOrCopy} then fills their regions from the proposals nearest the centroid,
 *       which repeats the duplicated region.</li>
 *   <li>A cluster that becomes empty during Lloyd iterations is re-seeded at the point farthest
 *       from its current centroid (if that point is not already at a centroid).</li>
 *   <li>Duplicate points are ordinary points with equal weight.</li>
 * </ul>
 */
public final class KMeans {

    /** The result: {@code centroids[k] = {x, y}}, {@code assignment[i]} in {@code [0, k)}. */
    public record Result(double[][] centroids, int[] assignment, int iterations, boolean converged) {

        /** The number of points assigned to each centroid. */
        public int[] clusterSizes() {
            int[] sizes = new int[centroids.length];
            for (int a : assignment) {
                sizes[a]++;
            }
            return sizes;
        }
    }

    private final int k;
    private final int maxIterations;

    /**
     * @param k number of clusters, at least 1
     * @param maxIterations upper bound on Lloyd iterations, at least 1
     */
    public KMeans(int k, int maxIterations) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
        }
        this.k = k;
        this.maxIterations = maxIterations;
    }

    /**
     * Clusters {@code points} ({@code points[i] = {x, y}}, at least one point).
     *
     * @param seed the same seed and points give the same result
     */
    public Result fit(double[][] points, long seed) {
        if (points.length == 0) {
            throw new IllegalArgumentException("k-means needs at least one point");
        }
        return fitFrom(points, initPlusPlus(points, new SplittableRandom(seed)));
    }

    /** Lloyd iterations from given initial centroids (copied); for tests of the re-seeding. */
    Result fitFrom(double[][] points, double[][] initialCentroids) {
        double[][] centroids = new double[initialCentroids.length][];
        for (int c = 0; c < centroids.length; c++) {
            centroids[c] = initialCentroids[c].clone();
        }
        int[] assignment = new int[points.length];
        Arrays.fill(assignment, -1);
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations) {
            iteration++;
            boolean changed = assign(points, centroids, assignment);
            boolean reseeded = update(points, centroids, assignment);
            if (!changed && !reseeded) {
                converged = true;
                break;
            }
        }
        if (!converged) {
            assign(points, centroids, assignment);
        }
        return new Result(centroids, assignment, iteration, converged);
    }

    private double[][] initPlusPlus(double[][] points, SplittableRandom random) {
        double[][] centroids = new double[k][];
        centroids[0] = points[random.nextInt(points.length)].clone();
        double[] nearest = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            nearest[i] = dist2(points[i], centroids[0]);
        }
        int distinct = 1;
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : nearest) {
                total += d;
            }
            if (total <= 0) {
                // every point sits on a centroid already: duplicate in order of choice
                centroids[c] = centroids[(c - distinct) % distinct].clone();
                continue;
            }
            double r = random.nextDouble() * total;
            int chosen = -1;
            for (int i = 0; i < points.length; i++) {
                if (nearest[i] <= 0) {
                    continue;
                }
                chosen = i;
                r -= nearest[i];
                if (r < 0) {
                    break;
                }
            }
            centroids[c] = points[chosen].clone();
            distinct++;
            for (int i = 0; i < points.length; i++) {
                nearest[i] = Math.min(nearest[i], dist2(points[i], centroids[c]));
            }
        }
        return centroids;
    }

    /** Assigns each point to its nearest centroid (lowest index on ties); true if any changed. */
    private static boolean assign(double[][] points, double[][] centroids, int[] assignment) {
        boolean changed = false;
        for (int i = 0; i < points.length; i++) {
            int best = nearestCentroid(points[i], centroids);
            if (best != assignment[i]) {
                assignment[i] = best;
                changed = true;
            }
        }
        return changed;
    }

    static int nearestCentroid(double[] point, double[][] centroids) {
        int best = 0;
        double bestD = dist2(point, centroids[0]);
        for (int c = 1; c < centroids.length; c++) {
            double d = dist2(point, centroids[c]);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** Moves centroids to their cluster means; re-seeds empty clusters. True if re-seeded. */
    private static boolean update(double[][] points, double[][] centroids, int[] assignment) {
        int k = centroids.length;
        double[][] sums = new double[k][2];
        int[] counts = new int[k];
        for (int i = 0; i < points.length; i++) {
            sums[assignment[i]][0] += points[i][0];
            sums[assignment[i]][1] += points[i][1];
            counts[assignment[i]]++;
        }
        boolean reseeded = false;
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                centroids[c][0] = sums[c][0] / counts[c];
                centroids[c][1] = sums[c][1] / counts[c];
            }
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                continue;
            }
            // the point farthest from its own centroid, unless it already sits on a centroid
            int farthest = -1;
            double farthestD = 0;
            for (int i = 0; i < points.length; i++) {
                double d = dist2(points[i], centroids[assignment[i]]);
                if (d > farthestD && counts[assignment[i]] > 1) {
                    farthestD = d;
                    farthest = i;
                }
            }
            if (farthest < 0 || isCentroid(points[farthest], centroids)) {
                continue;
            }
            counts[assignment[farthest]]--;
            assignment[farthest] = c;
            counts[c] = 1;
            centroids[c] = points[farthest].clone();
            reseeded = true;
        }
        return reseeded;
    }

    private static boolean isCentroid(double[] p, double[][] centroids) {
        for (double[] c : centroids) {
            if (c[0] == p[0] && c[1] == p[1]) {
                return true;
            }
        }
        return false;
    }

    static double dist2(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        return dx * dx + dy * dy;
    }
}
