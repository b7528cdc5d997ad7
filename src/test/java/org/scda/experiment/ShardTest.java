package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardTest {
    @TempDir
    Path tmp;

    /** 2 scenarios x 3 variants x 3 seeds = 18 runs. */
    List<RunSpec> matrix() {
        return ExperimentSpec.parse("""
                name: shards
                seeds: [1, 2, 3]
                scenarios:
                  foggy: {synth: foggy}
                  camera: {synth: camera}
                variants:
                  so: {method: source-only}
                  or: {method: oracle}
                  t2: {method: scda}
                matrix:
                  - {scenarios: [foggy, camera], variants: [so, or, t2]}
                """, "shards.yaml", tmp).expand(false);
    }

    static List<String> ids(List<RunSpec> runs) {
        return runs.stream().map(RunSpec::id).toList();
    }

    /** Every slice of {@code runs} into {@code n}: disjoint, together the list, sizes within one of each other. */
    static void assertPartition(List<RunSpec> runs, int n) {
        List<String> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int i = 1; i <= n; i++) {
            List<String> slice = ids(new Shard(i, n).select(runs));
            for (String id : slice) {
                assertThat(seen.add(id)).as(id + " in two slices of " + n).isTrue();
            }
            all.addAll(slice);
            smallest = Math.min(smallest, slice.size());
            largest = Math.max(largest, slice.size());
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(ids(runs));
        assertThat(largest - smallest).as("slice sizes of " + n).isLessThanOrEqualTo(1);
    }

    @Test
    void theSlicesAreDisjointCoverTheRunsAndAreBalanced() {
        List<RunSpec> runs = matrix();
        assertThat(runs).hasSize(18);
        for (int n = 1; n <= 20; n++) {
            assertPartition(runs, n);
        }
    }

    @Test
    void runsAreDealtOutInTurnSoEachVariantIsSpreadOverTheSlices() {
        List<RunSpec> runs = matrix();
        assertThat(ids(new Shard(2, 4).select(runs))).containsExactly(ids(runs).get(1), ids(runs).get(5),
                ids(runs).get(9), ids(runs).get(13), ids(runs).get(17));
        // each slice of 3 gets one seed of every scenario/variant pair
        assertThat(ids(new Shard(1, 3).select(runs))).allMatch(id -> id.endsWith("/seed1")).hasSize(6);
    }

    @Test
    void aSliceDependsOnTheRunListAloneAndSlicesTheRunsThatOnlySelects() {
        RunFilter only = new RunFilter("foggy/*,*/t2/seed3");
        List<RunSpec> selected = only.apply(matrix());
        assertThat(selected).hasSize(10);
        for (int n = 1; n <= 11; n++) {
            assertPartition(selected, n);
        }
        // another process, another load of the same file and flags: the same slice
        assertThat(ids(new Shard(1, 3).select(only.apply(matrix())))).isEqualTo(ids(new Shard(1, 3).select(selected)))
                .containsExactly("foggy/so/seed1", "foggy/or/seed1", "foggy/t2/seed1", "camera/t2/seed3");
    }

    @Test
    void parsesIOverNAndNamesABadValue() {
        assertThat(Shard.parse("2/3")).isEqualTo(new Shard(2, 3));
        assertThat(Shard.parse(" 1/1 ")).isEqualTo(Shard.ALL);
        assertThat(Shard.parse(new Shard(4, 7).toString())).isEqualTo(new Shard(4, 7));
        for (String bad : List.of("0/3", "4/3", "a/b", "3", "1/0", "-1/3", "1/3/5", "", "1/", "99999999999/3")) {
            assertThatThrownBy(() -> Shard.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("must be I/N with 1 <= I <= N, e.g. 2/3, got '" + bad + "'");
        }
        assertThatThrownBy(() -> new Shard(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moreSlicesThanRunsLeaveTheLastOnesEmpty() {
        List<RunSpec> two = matrix().subList(0, 2);
        assertThat(new Shard(3, 3).select(two)).isEmpty();
        assertThat(ids(new Shard(2, 3).select(two))).containsExactly(two.get(1).id());
    }
}
