package org.scda.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --only} patterns over run ids ({@code SCENARIO/VARIANT/seedN}): comma-separated globs
 * where {@code *} matches any text (slashes included) and {@code ?} one character; a run is kept
 * when any pattern matches its whole id. {@code foggy/*} keeps every foggy run,
 * {@code *&#47;source-only/*} every source-only run.
 */
public final class RunFilter {
    private final List<Pattern> patterns = new ArrayList<>();

    /** @param spec comma-separated globs, or null/blank for all runs */
    public RunFilter(String spec) {
        if (spec != null && !spec.isBlank()) {
            for (String glob : spec.split(",")) {
                patterns.add(Pattern.compile(toRegex(glob.trim())));
            }
        }
    }

    private static String toRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    /** Whether the run is selected. */
    public boolean matches(String runId) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(runId).matches());
    }

    /** The selected runs, in order. */
    public List<RunSpec> apply(List<RunSpec> runs) {
        return runs.stream().filter(r -> matches(r.id())).toList();
    }
}
