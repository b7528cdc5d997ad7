package org.scda.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.scda.adapt.align.AdaptationStep;
import org.scda.adapt.align.RegionAlignment;
import org.scda.adapt.core.GradientDiagnostics;
import org.scda.eval.DomainGapReport;
import org.scda.experiment.RunResult;

/**
 * What an alignment did inside each run, next to what it scored: the gradient diagnostic
 * ({@code adapt.diagnoseGradientsEvery}: how far the alignment term pushes the backbone against
 * the detection loss, and in which direction), the discriminators' losses at the end of
 * training, the weighting estimator's mean Wt at the start and end of the alignment, and the
 * domain gap of the selected checkpoint's features ({@code scda domain-gap --save}, which reads
 * target images but never their labels). Every column but target-val mAP can be computed
 * without target labels, so these are the columns a choice between settings may use.
 */
public final class AlignmentDiagnostics {
    private AlignmentDiagnostics() {
    }

    /** The share of a run's last aligned training lines whose losses are averaged. */
    static final double LAST_SHARE = 0.25;

    /**
     * One run's diagnostics; NaN where the run did not record the quantity.
     *
     * @param ratio       mean over diagnosed iterations of |grad align| / |grad dec| on the backbone
     * @param cosine      mean over diagnosed iterations of the cosine between the two backbone gradients
     * @param sumCosine   the cosine between the two backbone gradients summed over all diagnosed
     *                    iterations (the net direction of the push), at the last diagnosis
     * @param dSource     the source discriminator's loss, mean over the last quarter of aligned lines
     * @param dTarget     the target discriminator's loss (weighted by Wt), same window
     * @param wtFirst     mean Wt on the first aligned training line
     * @param wtLast      mean Wt on the last aligned training line
     * @param roiEffect   mean effect size of the RoI features between source-val and target-val
     * @param backboneEffect mean effect size of the backbone features
     */
    public record Run(double ratio, double cosine, double sumCosine, double dSource, double dTarget, double wtFirst,
                      double wtLast, double roiEffect, double backboneEffect) {
        /** True when the run recorded any of them. */
        boolean any() {
            for (double v : new double[] {ratio, cosine, sumCosine, dSource, dTarget, wtFirst, wtLast, roiEffect,
                    backboneEffect}) {
                if (!Double.isNaN(v)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A run's diagnostics from its {@code metrics.jsonl} lines and its domain-gap file (null when absent). */
    public static Run of(List<Map<String, Double>> metrics, Path domainGap) {
        String prefix = GradientDiagnostics.PREFIX;
        List<Map<String, Double>> diagnosed = metrics.stream().filter(m -> m.containsKey(prefix + "ratio.backbone"))
                .toList();
        double ratio = mean(diagnosed, prefix + "ratio.backbone");
        double cosine = mean(diagnosed, prefix + "cos.backbone");
        double sumCosine = diagnosed.isEmpty() ? Double.NaN
                : diagnosed.get(diagnosed.size() - 1).getOrDefault(prefix + "sum_cos.backbone", Double.NaN);
        List<Map<String, Double>> aligned = metrics.stream().filter(m -> m.containsKey(RegionAlignment.D_SOURCE)
                && !m.containsKey(prefix + "iteration")).toList();
        List<Map<String, Double>> last = aligned.subList(aligned.size() - (int) Math.ceil(aligned.size() * LAST_SHARE),
                aligned.size());
        double wtFirst = aligned.isEmpty() ? Double.NaN
                : aligned.get(0).getOrDefault(AdaptationStep.WT_MEAN, Double.NaN);
        double wtLast = aligned.isEmpty() ? Double.NaN
                : aligned.get(aligned.size() - 1).getOrDefault(AdaptationStep.WT_MEAN, Double.NaN);
        double roi = Double.NaN;
        double backbone = Double.NaN;
        if (domainGap != null && Files.isRegularFile(domainGap)) {
            try {
                JsonNode levels = org.scda.config.Configs.json().readTree(domainGap.toFile()).path("levels");
                roi = levels.path("roi").path("mean_effect_size").asDouble(Double.NaN);
                backbone = levels.path("backbone").path("mean_effect_size").asDouble(Double.NaN);
            } catch (IOException e) {
                // an unreadable file counts as none: the column shows "-"
            }
        }
        return new Run(ratio, cosine, sumCosine, mean(last, RegionAlignment.D_SOURCE),
                mean(last, RegionAlignment.D_TARGET), wtFirst, wtLast, roi, backbone);
    }

    /** The mean of a key over lines that have it as a finite number; NaN when none does. */
    static double mean(List<Map<String, Double>> lines, String key) {
        return lines.stream().map(m -> m.get(key)).filter(v -> v != null && Double.isFinite(v))
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /**
     * A row per scenario and variant with at least one run that recorded a diagnostic or has a
     * domain-gap file: the seeds' means (source-val and target-val mAP with their spread). Null
     * when no run qualifies.
     */
    static Document.Table table(RunCollection runs) {
        List<List<String>> rows = new ArrayList<>();
        for (String scenario : runs.scenarios()) {
            for (String variant : runs.variants(scenario)) {
                List<RunCollection.Run> seeds = runs.runs(scenario, variant);
                List<Run> diags = seeds.stream()
                        .map(r -> of(r.metrics(), r.dir().resolve(DomainGapReport.RUN_FILE))).toList();
                if (diags.stream().noneMatch(Run::any)) {
                    continue;
                }
                RunResult first = seeds.get(0).result();
                rows.add(List.of(scenario, first.label() == null ? variant : first.label(),
                        Integer.toString(seeds.size()),
                        Stat.of(seeds.stream().map(r -> r.result().sourceVal() == null ? null
                                : r.result().sourceVal().mAP()).toList()).format(),
                        Stat.of(seeds.stream().map(r -> r.result().targetVal().mAP()).toList()).format(),
                        number(diags, Run::ratio, "%.4f"), number(diags, Run::cosine, "%.3f"),
                        number(diags, Run::sumCosine, "%.3f"), number(diags, Run::dSource, "%.2f"),
                        number(diags, Run::dTarget, "%.2f"),
                        number(diags, Run::wtFirst, "%.2f") + " → " + number(diags, Run::wtLast, "%.2f"),
                        number(diags, Run::roiEffect, "%.2f"), number(diags, Run::backboneEffect, "%.2f")));
            }
        }
        return rows.isEmpty() ? null : new Document.Table(List.of("scenario", "method", "seeds", "source-val mAP",
                "target-val mAP", "push |∇align|/|∇dec|", "cos(∇align, ∇dec)", "cos of summed ∇", "D_s loss",
                "D_t loss", "Wt first → last", "RoI effect size", "backbone effect size"), rows);
    }

    /** The mean over seeds of a quantity, formatted; {@code -} when no seed has it. */
    private static String number(List<Run> runs, Function<Run, Double> value, String format) {
        double m = runs.stream().map(value).filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).average()
                .orElse(Double.NaN);
        return Double.isNaN(m) ? "-" : String.format(Locale.ROOT, format, m);
    }
}
