package org.scda.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.scda.experiment.RunResult;

/**
 * How much of the domain gap a method closes: {@code (method - source-only) / (oracle -
 * source-only)} of the mean target-val mAP over seeds, in percent. The source-only reference is
 * the scenario's source-only runs (method {@code source-only}, no strong augmentation) on the
 * row's backbone, so that a row without BatchNorm is measured against source-only without
 * BatchNorm; the oracle is the scenario's oracle runs (the target-labels bound).
 */
public final class GapClosed {
    private GapClosed() {
    }

    /** The method names of the two references. */
    static final String SOURCE_ONLY = "source-only";
    static final String ORACLE = "oracle";

    /**
     * The gap closed by {@code method} between {@code sourceOnly} and {@code oracle} (means), in
     * [0, 1] when between them; NaN when an argument is NaN or the gap is not positive.
     */
    public static double of(double method, double sourceOnly, double oracle) {
        double gap = oracle - sourceOnly;
        if (!(gap > 0) || Double.isNaN(method)) {
            return Double.NaN;
        }
        return (method - sourceOnly) / gap;
    }

    /** As the tables print it: {@code 73%}, or {@code -}; a loss that rounds to nothing is {@code 0%}, not {@code -0%}. */
    public static String format(double fraction) {
        if (Double.isNaN(fraction)) {
            return "-";
        }
        long percent = Math.round(100 * fraction);
        return percent + "%";
    }

    /** The row's gap closed (formatted) against the scenario's references among {@code all}. */
    static String forRows(List<RunResult> row, List<RunResult> all) {
        if (row.isEmpty()) {
            return "-";
        }
        double method = mean(row);
        double sourceOnly = mean(sourceOnlyReferences(row.get(0), all));
        double oracle = mean(oracleReferences(all));
        return format(of(method, sourceOnly, oracle));
    }

    /** Of {@code all}, the source-only runs that {@code row}'s gap is measured from: its backbone's, without strong augmentation. */
    static List<RunResult> sourceOnlyReferences(RunResult row, List<RunResult> all) {
        String backbone = backbone(row);
        return all.stream().filter(r -> SOURCE_ONLY.equals(r.method()) && !strong(r)
                && Objects.equals(backbone(r), backbone)).toList();
    }

    /** Of {@code all}, the oracle runs. */
    static List<RunResult> oracleReferences(List<RunResult> all) {
        return all.stream().filter(r -> ORACLE.equals(r.method())).toList();
    }

    /** Whether {@code r} is one of the references themselves (a source-only run without strong augmentation, an oracle). */
    static boolean isReference(RunResult r) {
        return ORACLE.equals(r.method()) || SOURCE_ONLY.equals(r.method()) && !strong(r);
    }

    /** The mean target-val mAP of {@code runs}, NaN for none. */
    static double mean(List<RunResult> runs) {
        return runs.stream().mapToDouble(r -> r.targetVal().mAP()).average().orElse(Double.NaN);
    }

    /** {@code model.backbone} of the run's config (null when absent). */
    static String backbone(RunResult r) {
        return r.config() != null && r.config().get("model") instanceof Map<?, ?> m && m.get("backbone") != null
                ? m.get("backbone").toString() : null;
    }

    private static boolean strong(RunResult r) {
        return r.config() != null && r.config().get("model") instanceof Map<?, ?> m
                && m.get("input") instanceof Map<?, ?> in && "strong".equals(String.valueOf(in.get("augment")));
    }
}
