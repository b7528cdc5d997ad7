package org.scda.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scda.experiment.RunResult;
import org.scda.experiment.Scores;

/**
 * Tables in the paper's layout: one row per variant, columns the classes and mAP (mean +- std
 * over seeds, AP in percent), then source-val mAP and the paper's mAP for the corresponding row.
 * When the scenario has source-only and oracle runs, a "gap closed" column follows the mAP
 * ({@link GapClosed}). When some of a table's runs are Mask R-CNN runs with mask scores (Table 8), a mask mAP
 * column follows the box mAP (dashes for box-only rows).
 */
public final class ReportTables {
    private ReportTables() {
    }

    /**
     * One of our tables.
     *
     * @param variants row variant ids; a variant without runs gets a row of dashes
     * @param paper    the paper's numbers for it, or null
     */
    public static Document.Table ours(RunCollection runs, String scenario, List<String> variants,
                                      PaperNumbers.Table paper) {
        List<String> classes = classes(runs, scenario, variants);
        boolean masks = variants.stream().flatMap(v -> runs.runs(scenario, v).stream())
                .anyMatch(r -> r.result().targetValMask() != null);
        boolean paperMasks = paper != null && paper.rows().stream().anyMatch(r -> r.maskMAP() != null);
        List<String> header = new ArrayList<>();
        header.add("Method");
        header.add("seeds");
        header.addAll(classes);
        header.add(masks ? "box mAP" : "mAP");
        if (masks) {
            header.add("mask mAP");
        }
        List<RunResult> scenarioRuns = runs.runs().stream().map(RunCollection.Run::result)
                .filter(r -> r.scenario().equals(scenario)).toList();
        boolean gap = scenarioRuns.stream().anyMatch(r -> GapClosed.ORACLE.equals(r.method()))
                && scenarioRuns.stream().anyMatch(r -> GapClosed.SOURCE_ONLY.equals(r.method()));
        if (gap) {
            header.add("gap closed");
        }
        header.add("source-val mAP");
        if (paper != null) {
            header.add(paperMasks ? "paper box mAP (their data)" : "paper mAP (their data)");
        }
        if (paperMasks) {
            header.add("paper mask mAP");
        }
        List<List<String>> rows = new ArrayList<>();
        for (String v : variants) {
            List<RunCollection.Run> rs = runs.runs(scenario, v);
            List<String> row = new ArrayList<>();
            row.add(label(runs, v, rs));
            row.add(String.valueOf(rs.size()));
            for (String c : classes) {
                row.add(Stat.of(rs.stream().map(r -> r.result().targetVal().perClass().get(c)).toList()).format());
            }
            row.add(Stat.of(rs.stream().map(r -> r.result().targetVal().mAP()).toList()).format());
            if (masks) {
                row.add(Stat.of(rs.stream().map(r -> r.result().targetValMask() == null ? null
                        : r.result().targetValMask().mAP()).toList()).format());
            }
            if (gap) {
                row.add(GapClosed.forRows(rs.stream().map(RunCollection.Run::result).toList(), scenarioRuns));
            }
            row.add(Stat.of(rs.stream().map(r -> r.result().sourceVal().mAP()).toList()).format());
            PaperNumbers.Row p = paper == null ? null : paper.forVariant(v);
            if (paper != null) {
                row.add(p == null ? "" : paperNumber(p.mAP()));
            }
            if (paperMasks) {
                row.add(p == null || p.maskMAP() == null ? "" : paperNumber(p.maskMAP()));
            }
            rows.add(row);
        }
        return new Document.Table(header, rows);
    }

    /** The paper's table as it reports it. */
    public static Document.Table paper(PaperNumbers.Table paper) {
        List<String> header = new ArrayList<>();
        header.add("Method (paper)");
        header.addAll(paper.classes());
        header.add("mAP");
        List<List<String>> rows = new ArrayList<>();
        for (PaperNumbers.Row r : paper.rows()) {
            List<String> row = new ArrayList<>();
            row.add(r.label());
            for (int i = 0; i < paper.classes().size(); i++) {
                row.add(i < r.values().size() ? String.format(Locale.ROOT, "%.1f", r.values().get(i)) : "");
            }
            row.add(paperNumber(r.mAP()));
            rows.add(row);
        }
        return new Document.Table(header, rows);
    }

    /** Every run: provenance and headline numbers. */
    public static Document.Table index(RunCollection runs) {
        List<List<String>> rows = new ArrayList<>();
        for (RunCollection.Run r : runs.runs()) {
            RunResult x = r.result();
            rows.add(List.of(x.run(), x.method(), String.valueOf(x.seed()), String.valueOf(x.iterations()),
                    org.scda.util.ProgressBar.formatDuration(x.wallSeconds()), fmt(x.targetVal()), fmt(x.sourceVal()),
                    String.valueOf(x.selectedIteration()), shortCommit(x.gitCommit())));
        }
        return new Document.Table(List.of("run", "method", "seed", "iterations", "wall time", "target-val mAP",
                "source-val mAP", "selected iteration", "git commit"), rows);
    }

    /** A reported number with the paper's precision (one or two decimals). */
    static String paperNumber(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
    }

    private static String fmt(Scores s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.1f", 100 * s.mAP());
    }

    private static String shortCommit(String c) {
        if (c == null) {
            return "unknown";
        }
        return c.length() > 12 && c.matches("[0-9a-f]{13,}.*") ? c.substring(0, 10) + c.replaceFirst("^[0-9a-f]+", "") : c;
    }

    private static String label(RunCollection runs, String variant, List<RunCollection.Run> rs) {
        if (!rs.isEmpty()) {
            return rs.get(0).result().label();
        }
        if (runs.experiment() != null && runs.experiment().variants().containsKey(variant)) {
            return runs.experiment().variants().get(variant).label() + " (not run)";
        }
        return variant + " (not run)";
    }

    /** The class columns: the classes of the scenario's runs, in the order of their results. */
    static List<String> classes(RunCollection runs, String scenario, List<String> variants) {
        List<String> out = new ArrayList<>();
        for (String v : variants) {
            for (RunCollection.Run r : runs.runs(scenario, v)) {
                for (String c : r.result().targetVal().perClass().keySet()) {
                    if (!out.contains(c)) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }
}
