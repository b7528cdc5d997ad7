package org.scda.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scda.experiment.RunResult;

/**
 * Target-val mAP against domain-shift strength: the runs on built-in pairs of one scenario at
 * several strengths ({@code synth:foggy@0.3/...}; a pair without {@code @} is strength 1), per
 * variant label the mean over seeds and its spread at each strength, with the gap each closes.
 */
public final class ShiftCurves {
    private ShiftCurves() {
    }

    private static final Pattern SYNTH = Pattern.compile("^synth:([A-Za-z0-9_-]+)(?:@([0-9.]+))?/");

    /** A built-in pair's scenario and strength. */
    public record Pair(String scenario, double strength) {
    }

    /** The built-in pair a dataset spec names, or null for any other spec. */
    public static Pair pair(String spec) {
        Matcher m = spec == null ? null : SYNTH.matcher(spec);
        if (m == null || !m.find()) {
            return null;
        }
        return new Pair(m.group(1), m.group(2) == null ? 1.0 : Double.parseDouble(m.group(2)));
    }

    /**
     * One scenario's curves.
     *
     * @param scenario   the built-in scenario
     * @param strengths  the strengths run, ascending
     * @param labels     variant labels in order of first appearance
     * @param stats      label -> strength -> target-val mAP over seeds (absent: not run)
     * @param gapClosed  label -> strength -> gap closed (formatted, {@link GapClosed})
     */
    public record Curves(String scenario, List<Double> strengths, List<String> labels,
                         Map<String, Map<Double, Stat>> stats, Map<String, Map<Double, String>> gapClosed) {
    }

    /**
     * Per scenario with runs at two or more strengths, its curves, in order of first appearance;
     * labels in {@code labelOrder}'s order first (e.g. the experiment's variants), the others after.
     */
    public static List<Curves> of(List<RunResult> runs, List<String> labelOrder) {
        Map<String, List<RunResult>> byScenario = new LinkedHashMap<>();
        for (RunResult r : runs) {
            Pair p = r.datasets() == null ? null : pair(r.datasets().source());
            if (p != null) {
                byScenario.computeIfAbsent(p.scenario(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Curves> out = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> e : byScenario.entrySet()) {
            TreeSet<Double> strengths = new TreeSet<>();
            List<String> labels = new ArrayList<>();
            for (RunResult r : e.getValue()) {
                strengths.add(pair(r.datasets().source()).strength());
                if (!labels.contains(r.label())) {
                    labels.add(r.label());
                }
            }
            labels.sort(java.util.Comparator.comparingInt(l -> labelOrder.contains(l) ? labelOrder.indexOf(l)
                    : labelOrder.size()));
            if (strengths.size() < 2) {
                continue;
            }
            Map<String, Map<Double, Stat>> stats = new LinkedHashMap<>();
            Map<String, Map<Double, String>> gaps = new LinkedHashMap<>();
            for (String label : labels) {
                Map<Double, Stat> byStrength = new LinkedHashMap<>();
                Map<Double, String> gapByStrength = new LinkedHashMap<>();
                for (double s : strengths) {
                    List<RunResult> atStrength = e.getValue().stream()
                            .filter(r -> pair(r.datasets().source()).strength() == s).toList();
                    List<RunResult> mine = atStrength.stream().filter(r -> r.label().equals(label)).toList();
                    if (!mine.isEmpty()) {
                        byStrength.put(s, Stat.of(mine.stream().map(r -> r.targetVal().mAP()).toList()));
                        gapByStrength.put(s, GapClosed.forRows(mine, atStrength));
                    }
                }
                stats.put(label, byStrength);
                gaps.put(label, gapByStrength);
            }
            out.add(new Curves(e.getKey(), List.copyOf(strengths), labels, stats, gaps));
        }
        return out;
    }

    /**
     * The table behind a figure: a row per label, a column per strength, {@code mAP (gap closed)};
     * while a study is under way and its cells have different numbers of seeds, each cell says
     * its own ({@code 45.0 ± 7.1 (42%, 2 seeds)}).
     */
    public static Document.Table table(Curves c) {
        List<String> header = new ArrayList<>();
        header.add("Method");
        for (double s : c.strengths()) {
            header.add("strength " + format(s));
        }
        boolean seedsDiffer = c.stats().values().stream().flatMap(m -> m.values().stream()).mapToInt(Stat::n)
                .filter(n -> n > 0).distinct().count() > 1;
        List<List<String>> rows = new ArrayList<>();
        for (String label : c.labels()) {
            List<String> row = new ArrayList<>();
            row.add(label);
            for (double s : c.strengths()) {
                Stat st = c.stats().get(label).get(s);
                String gap = c.gapClosed().get(label).get(s);
                List<String> notes = new ArrayList<>();
                if (gap != null && !gap.equals("-")) {
                    notes.add(gap);
                }
                if (st != null && st.n() > 0 && seedsDiffer) {
                    notes.add(st.n() + (st.n() == 1 ? " seed" : " seeds"));
                }
                row.add(st == null ? "" : st.format() + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")"));
            }
            rows.add(row);
        }
        return new Document.Table(header, rows);
    }

    /** A strength as written in specs: {@code 0.3}, {@code 1}. */
    static String format(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%s", s);
    }
}
