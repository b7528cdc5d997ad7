package org.scda.adapt.mining;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The paper's select-or-copy: exactly {@code m} proposal indices per region.
 * <ul>
 *   <li>More than {@code m} members: the top {@code m} by objectness (ties: lower index first,
 *       i.e. proposal rank).</li>
 *   <li>Fewer than {@code m}: the members in that order, cycled ({@code r0, r1, .., r(n-1), r0,
 *       ..}) until {@code m} indices are filled, so every member appears either
 *       {@code floor(m/n)} or {@code ceil(m/n)} times.</li>
 *   <li>No members (a duplicate or starved centroid): all proposals ordered by distance of their
 *       centre to the centroid (ties: higher objectness, then lower index), the nearest
 *       {@code m} of them, cycled if there are fewer than {@code m} proposals.</li>
 * </ul>
 */
public final class SelectOrCopy {

    private SelectOrCopy() {
    }

    /**
     * Indices of exactly {@code m} members for one cluster.
     *
     * @param members proposal indices assigned to the cluster (any order)
     * @param objectness objectness of every proposal, indexed by proposal index
     * @param m number of indices wanted, at least 1
     */
    public static int[] select(int[] members, float[] objectness, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("m must be at least 1, got " + m);
        }
        if (members.length == 0) {
            throw new IllegalArgumentException("no members: use selectNearest for an empty cluster");
        }
        Integer[] ranked = Arrays.stream(members).boxed().toArray(Integer[]::new);
        Arrays.sort(ranked, Comparator.<Integer>comparingDouble(i -> -objectness[i]).thenComparingInt(i -> i));
        return cycle(ranked, m);
    }

    /**
     * Indices of the {@code m} proposals whose centres are nearest the centroid, for an empty
     * cluster.
     *
     * @param centres proposal centres, {@code centres[i] = {cx, cy}}, at least one
     */
    public static int[] selectNearest(double[] centroid, double[][] centres, float[] objectness, int m) {
        if (centres.length == 0) {
            throw new IllegalArgumentException("no proposals to select from");
        }
        Integer[] ranked = IntStream.range(0, centres.length).boxed().toArray(Integer[]::new);
        Arrays.sort(ranked, Comparator.<Integer>comparingDouble(i -> KMeans.dist2(centres[i], centroid))
                .thenComparingDouble(i -> -objectness[i])
                .thenComparingInt(i -> i));
        return cycle(ranked, m);
    }

    private static int[] cycle(Integer[] ranked, int m) {
        int[] out = new int[m];
        for (int j = 0; j < m; j++) {
            out[j] = ranked[j % ranked.length];
        }
        return out;
    }
}
