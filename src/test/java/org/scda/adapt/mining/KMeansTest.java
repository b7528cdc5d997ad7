package org.scda.adapt.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KMeansTest {

    private static double[][] blobs(long seed, double[][] centres, int perBlob, double spread) {
        Random random = new Random(seed);
        double[][] points = new double[centres.length * perBlob][];
        for (int b = 0; b < centres.length; b++) {
            for (int i = 0; i < perBlob; i++) {
                points[b * perBlob + i] = new double[] {
                    centres[b][0] + random.nextGaussian() * spread, centres[b][1] + random.nextGaussian() * spread};
            }
        }
        return points;
    }

    @Test
    void findsWellSeparatedBlobs() {
        double[][] truth = {{20, 20}, {200, 30}, {50, 110}, {230, 100}};
        double[][] points = blobs(1, truth, 30, 3);
        for (long seed = 0; seed < 10; seed++) {
            KMeans.Result result = new KMeans(4, 100).fit(points, seed);
            assertThat(result.converged()).isTrue();
            for (double[] t : truth) {
                double nearest = Arrays.stream(result.centroids()).mapToDouble(c -> Math.sqrt(KMeans.dist2(c, t)))
                        .min().orElseThrow();
                assertThat(nearest).as("seed %d, blob %s", seed, Arrays.toString(t)).isLessThan(2.0);
            }
            // every blob's points share one cluster
            for (int b = 0; b < 4; b++) {
                int label = result.assignment()[b * 30];
                for (int i = 0; i < 30; i++) {
                    assertThat(result.assignment()[b * 30 + i]).isEqualTo(label);
                }
            }
        }
    }

    @Test
    void sameSeedSameResult() {
        double[][] points = blobs(7, new double[][] {{0, 0}, {10, 10}, {40, 0}}, 20, 8);
        KMeans kMeans = new KMeans(5, 100);
        KMeans.Result a = kMeans.fit(points, 42);
        KMeans.Result b = kMeans.fit(points, 42);
        assertThat(a.centroids()).isDeepEqualTo(b.centroids());
        assertThat(a.assignment()).isEqualTo(b.assignment());
        boolean anyDifferent = false;
        for (long seed = 0; seed < 20 && !anyDifferent; seed++) {
            anyDifferent = !Arrays.deepEquals(kMeans.fit(points, seed).centroids(), a.centroids());
        }
        assertThat(anyDifferent).as("the seed matters on overlapping blobs").isTrue();
    }

    @Test
    void fewerPointsThanKDuplicatesCentroids() {
        double[][] points = {{1, 1}, {50, 50}};
        KMeans.Result result = new KMeans(5, 10).fit(points, 3);
        assertThat(result.centroids()).hasNumberOfRows(5);
        // both points are centroids; the remaining three repeat them
        for (double[] c : result.centroids()) {
            assertThat(Arrays.equals(c, points[0]) || Arrays.equals(c, points[1])).as(Arrays.toString(c)).isTrue();
        }
        int[] sizes = result.clusterSizes();
        assertThat(Arrays.stream(sizes).sum()).isEqualTo(2);
        assertThat(Arrays.stream(sizes).filter(s -> s == 1).count()).isEqualTo(2);
        assertThat(result.converged()).isTrue();
    }

    @Test
    void duplicatePointsAreHandled() {
        double[][] points = new double[20][];
        for (int i = 0; i < 20; i++) {
            points[i] = i < 10 ? new double[] {5, 5} : new double[] {100, 60};
        }
        KMeans.Result two = new KMeans(2, 10).fit(points, 0);
        assertThat(two.clusterSizes()).containsExactlyInAnyOrder(10, 10);
        KMeans.Result three = new KMeans(3, 10).fit(points, 0);
        assertThat(three.centroids()).hasNumberOfRows(3);
        assertThat(three.clusterSizes()).containsExactlyInAnyOrder(10, 10, 0);
    }

    @Test
    void emptyClusterIsReseededAtTheFarthestPoint() {
        double[][] points = {{0, 0}, {1, 0}, {100, 0}, {101, 0}};
        KMeans.Result result = new KMeans(2, 20).fitFrom(points, new double[][] {{50, 0}, {1000, 1000}});
        assertThat(result.converged()).isTrue();
        assertThat(result.clusterSizes()).containsExactly(2, 2);
        assertThat(result.assignment()[0]).isEqualTo(result.assignment()[1]);
        assertThat(result.assignment()[2]).isEqualTo(result.assignment()[3]).isNotEqualTo(result.assignment()[0]);
        double[][] sorted = result.centroids().clone();
        Arrays.sort(sorted, (a, b) -> Double.compare(a[0], b[0]));
        assertThat(sorted[0]).containsExactly(0.5, 0.0);
        assertThat(sorted[1]).containsExactly(100.5, 0.0);
    }

    @Test
    void singlePointAndBadArguments() {
        KMeans.Result one = new KMeans(3, 5).fit(new double[][] {{7, 8}}, 1);
        for (double[] c : one.centroids()) {
            assertThat(c).containsExactly(7.0, 8.0);
        }
        assertThat(one.assignment()).containsExactly(0);
        assertThatThrownBy(() -> new KMeans(2, 5).fit(new double[0][], 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KMeans(0, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
