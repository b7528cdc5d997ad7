package org.scda.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scda.experiment.RunResult;

/**
 * The gap closed by every method of every scenario, for one chart of a study: per scenario
 * that has both references ({@link GapClosed}: source-only on the row's backbone, the oracle),
 * per variant that is not a reference itself, the gap closed by its mean target-val mAP (as the
 * tables give it) and the spread of the per-seed gaps (each seed's run against the references
 * of the same seed).
 */
public final class GapBars {
    private GapBars() {
    }

    /**
     * The chart's data.
     *
     * @param scenarios the scenarios with both references, in order of appearance (the x axis)
     * @param labels    the variants' labels in order of first appearance (the series)
     * @param closed    label -> scenario -> gap closed, a fraction (absent: not run there)
     * @param spread    label -> scenario -> sample standard deviation of the per-seed fractions
     *                  (absent: fewer than two seeds with both references)
     */
    public record Bars(List<String> scenarios, List<String> labels, Map<String, Map<String, Double>> closed,
                       Map<String, Map<String, Double>> spread) {
    }

    /** The bars of {@code runs}. */
    public static Bars of(RunCollection runs) {
        List<String> scenarios = new ArrayList<>();
        LinkedHashSet<String> labels = new LinkedHashSet<>();
        Map<String, Map<String, Double>> closed = new LinkedHashMap<>();
        Map<String, Map<String, Double>> spread = new LinkedHashMap<>();
        for (String s : runs.scenarios()) {
            List<RunResult> all = new ArrayList<>();
            for (String v : runs.variants(s)) {
                runs.runs(s, v).forEach(r -> all.add(r.result()));
            }
            if (GapClosed.oracleReferences(all).isEmpty()
                    || all.stream().noneMatch(r -> GapClosed.SOURCE_ONLY.equals(r.method()))) {
                continue;
            }
            boolean any = false;
            for (String v : runs.variants(s)) {
                List<RunResult> row = runs.runs(s, v).stream().map(RunCollection.Run::result).toList();
                if (row.isEmpty() || GapClosed.isReference(row.get(0))) {
                    continue;
                }
                double fraction = GapClosed.of(GapClosed.mean(row),
                        GapClosed.mean(GapClosed.sourceOnlyReferences(row.get(0), all)),
                        GapClosed.mean(GapClosed.oracleReferences(all)));
                if (Double.isNaN(fraction)) {
                    continue;
                }
                String label = row.get(0).label() == null ? v : row.get(0).label();
                labels.add(label);
                closed.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(s, fraction);
                Stat perSeed = Stat.of(perSeed(row, all));
                if (perSeed.n() >= 2) {
                    spread.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(s, perSeed.std());
                }
                any = true;
            }
            if (any) {
                scenarios.add(s);
            }
        }
        return new Bars(List.copyOf(scenarios), List.copyOf(labels), frozen(closed), frozen(spread));
    }

    /** Each seed's gap closed, where that seed has both references. */
    static List<Double> perSeed(List<RunResult> row, List<RunResult> all) {
        List<Double> out = new ArrayList<>();
        for (RunResult r : row) {
            Optional<RunResult> so = seed(GapClosed.sourceOnlyReferences(r, all), r.seed());
            Optional<RunResult> oracle = seed(GapClosed.oracleReferences(all), r.seed());
            if (so.isPresent() && oracle.isPresent()) {
                double f = GapClosed.of(r.targetVal().mAP(), so.get().targetVal().mAP(), oracle.get().targetVal().mAP());
                if (!Double.isNaN(f)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private static Optional<RunResult> seed(List<RunResult> runs, long seed) {
        return runs.stream().filter(r -> r.seed() == seed).findFirst();
    }

    private static Map<String, Map<String, Double>> frozen(Map<String, Map<String, Double>> m) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(v)));
        return Collections.unmodifiableMap(out);
    }
}
