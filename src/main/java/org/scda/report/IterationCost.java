package org.scda.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scda.engine.Benchmark;
import org.scda.experiment.RunResult;

/**
 * What an adaptation method's iteration costs, from each run's {@code summary.json}: the median
 * ms of its adaptation iterations and of its own source-only (warm-up) iterations, and their
 * ratio. The ratio is taken within each run, so it depends less than the milliseconds on what
 * else shared the machine (not at all only when that stayed the same through the run).
 */
public final class IterationCost {
    private IterationCost() {
    }

    /**
     * One run's medians.
     *
     * @param adaptationMs median ms of an adaptation iteration
     * @param sourceOnlyMs median ms of a source-only (warm-up) iteration of the same run
     */
    public record Cost(double adaptationMs, double sourceOnlyMs) {
        /** {@code adaptationMs / sourceOnlyMs}. */
        public double ratio() {
            return adaptationMs / sourceOnlyMs;
        }
    }

    /** A run's cost from its summary file, or null without one or without both medians. */
    static Cost of(Path summary) {
        if (!Files.isRegularFile(summary)) {
            return null;
        }
        try {
            JsonNode s = org.scda.config.Configs.json().readTree(summary.toFile());
            double adaptation = s.path("median_aligned_iteration_ms").asDouble(Double.NaN);
            double sourceOnly = s.path("median_warmup_iteration_ms").asDouble(Double.NaN);
            return adaptation > 0 && sourceOnly > 0 ? new Cost(adaptation, sourceOnly) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A row per method variant (label) with runs that have both medians: runs, the median over
     * runs of each median, and of the per-run ratio; null when no run has them.
     */
    static Document.Table table(RunCollection runs) {
        Map<String, List<Cost>> byLabel = new LinkedHashMap<>();
        for (RunCollection.Run run : runs.runs()) {
            RunResult r = run.result();
            Cost c = of(run.dir().resolve("summary.json"));
            if (c != null) {
                byLabel.computeIfAbsent(r.label() == null ? r.variant() : r.label(), k -> new ArrayList<>()).add(c);
            }
        }
        if (byLabel.isEmpty()) {
            return null;
        }
        List<List<String>> rows = new ArrayList<>();
        byLabel.forEach((label, costs) -> rows.add(List.of(label, Integer.toString(costs.size()),
                ms(Benchmark.median(costs.stream().mapToDouble(Cost::sourceOnlyMs).toArray())),
                ms(Benchmark.median(costs.stream().mapToDouble(Cost::adaptationMs).toArray())),
                String.format(Locale.ROOT, "%.2f", Benchmark.median(costs.stream().mapToDouble(Cost::ratio).toArray())))));
        return new Document.Table(List.of("method", "runs", "source-only iteration (ms)", "adaptation iteration (ms)",
                "adaptation / source-only"), rows);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
