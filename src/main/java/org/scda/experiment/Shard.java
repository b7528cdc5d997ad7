package org.scda.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Slice {@code index} of {@code count} disjoint slices of an experiment's run list, for
 * {@code scda experiment --shard I/N}: the runs at positions {@code p} (0-based, in the order
 * of the list) with {@code p mod count == index - 1}. The slice depends on the run list alone
 * (after {@code --quick} and {@code --only}), not on which runs are finished, on locks or on
 * the host, so N processes on N machines given the same file and flags run every run exactly
 * once between them. Dealing the runs out in turn (rather than in blocks) spreads each
 * variant's seeds, and so the cost, evenly over the slices.
 *
 * @param index 1-based slice number, {@code 1 <= index <= count}
 * @param count number of slices, at least 1
 */
public record Shard(int index, int count) {
    /** The whole list as one slice. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("must be I/N with 1 <= I <= N, got " + index + "/" + count);
        }
    }

    /**
     * Parses {@code I/N}.
     *
     * @throws IllegalArgumentException naming the value when it is not two whole numbers
     *                                  {@code 1 <= I <= N}
     */
    public static Shard parse(String text) {
        String usage = "must be I/N with 1 <= I <= N, e.g. 2/3, got '" + text + "'";
        String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(usage);
        }
        try {
            int index = Integer.parseInt(parts[0].strip());
            int count = Integer.parseInt(parts[1].strip());
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException(usage);
            }
            return new Shard(index, count);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(usage, e);
        }
    }

    /** Whether the run at {@code position} (0-based) of the list belongs to this slice. */
    public boolean holds(int position) {
        return position % count == index - 1;
    }

    /** This slice of {@code runs}, in their order. */
    public List<RunSpec> select(List<RunSpec> runs) {
        List<RunSpec> slice = new ArrayList<>();
        for (int p = 0; p < runs.size(); p++) {
            if (holds(p)) {
                slice.add(runs.get(p));
            }
        }
        return List.copyOf(slice);
    }

    /** {@code I/N}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
