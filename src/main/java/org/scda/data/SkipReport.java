package org.scda.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader passed over or repaired, counted by reason, with the first few places for
 * each reason so a user can look. Nothing a reader drops goes unreported.
 *
 * @param counts   how many times each reason occurred, in first-seen order
 * @param examples up to {@link #MAX_EXAMPLES} places per reason ("file:line: detail")
 */
public record SkipReport(Map<String, Integer> counts, Map<String, List<String>> examples) {
    public static final int MAX_EXAMPLES = 5;

    public SkipReport {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        examples.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        examples = Collections.unmodifiableMap(copy);
    }

    public static SkipReport empty() {
        return new SkipReport(Map.of(), Map.of());
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** Human-readable lines, one per reason, with examples indented below. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        counts.forEach((reason, n) -> {
            lines.add(n + " x " + reason);
            for (String e : examples.getOrDefault(reason, List.of())) {
                lines.add("    " + e);
            }
        });
        return lines;
    }

    /** Both reports' counts and examples together. */
    public SkipReport merge(SkipReport other) {
        Builder b = new Builder();
        b.addAll(this);
        b.addAll(other);
        return b.build();
    }

    /** Collects skips while a reader runs. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        private final Map<String, List<String>> examples = new LinkedHashMap<>();

        /** Counts one occurrence of {@code reason} at {@code where} (file, line, detail). */
        public Builder add(String reason, String where) {
            counts.merge(reason, 1, Integer::sum);
            List<String> ex = examples.computeIfAbsent(reason, k -> new ArrayList<>());
            if (ex.size() < MAX_EXAMPLES) {
                ex.add(where);
            }
            return this;
        }

        public Builder addAll(SkipReport report) {
            report.counts().forEach((k, v) -> counts.merge(k, v, Integer::sum));
            report.examples().forEach((k, v) -> {
                List<String> ex = examples.computeIfAbsent(k, x -> new ArrayList<>());
                for (String e : v) {
                    if (ex.size() < MAX_EXAMPLES) {
                        ex.add(e);
                    }
                }
            });
            return this;
        }

        public SkipReport build() {
            return new SkipReport(counts, examples);
        }
    }
}
