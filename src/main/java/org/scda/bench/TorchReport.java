package org.scda.bench;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Prints a {@link TorchComparison.Result} as text or as a JSON-ready map. */
public final class TorchReport {
    private TorchReport() {
    }

    /** The result as lines of text: parameters, medians and ratios, FLOPs and GFLOP/s against the peak. */
    public static void print(PrintWriter out, TorchComparison.Result r, Optional<CpuPeak> peak) {
        TorchComparison.Setting s = r.setting();
        out.printf(Locale.ROOT, "%s at %dx%d: scda against torchvision (%s), %d thread%s%n", s.label(), s.width(),
                s.height(), r.torchVersions(), r.threads(), r.threads() == 1 ? "" : "s");
        out.printf(Locale.ROOT, "  same detector: %d settings equal; trainable parameters scda %,d, torch %,d%n",
                r.settingsChecked(), r.scdaParameters(), r.torchParameters());
        FlopCount.DetectorFlops f = r.flops();
        out.printf(Locale.ROOT, "  FLOPs (conv + FC layers, analytic): training %.2f GFLOP per iteration (%d RoIs), "
                + "inference %.2f GFLOP per image (%d proposals)%n", f.trainingFlops() / 1e9, f.trainRois(),
                f.inferenceFlops() / 1e9, f.testRois());
        SideBySide.Times t = r.times();
        if (t == null) {
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "  training iteration: scda median %.1f ms, torch %.1f ms over %d each; scda/torch %.2f%n",
                t.scdaTrainMedian(), t.torchTrainMedian(), t.scdaTrain().length, t.trainRatio());
        out.printf(Locale.ROOT, "  inference:          scda median %.1f ms, torch %.1f ms over %d images each; scda/torch %.2f%n",
                t.scdaInferMedian(), t.torchInferMedian(), t.scdaInfer().length, t.inferRatio());
        out.printf(Locale.ROOT, "  achieved GFLOP/s:   training scda %.1f, torch %.1f; inference scda %.1f, torch %.1f%n",
                gflops(f.trainingFlops(), t.scdaTrainMedian()), gflops(f.trainingFlops(), t.torchTrainMedian()),
                gflops(f.inferenceFlops(), t.scdaInferMedian()), gflops(f.inferenceFlops(), t.torchInferMedian()));
        peak.ifPresentOrElse(p -> out.printf(Locale.ROOT, "  CPU peak (estimate): %.0f GFLOP/s = %s%n",
                p.gflops(r.threads()), p.derivation(r.threads())),
                () -> out.println("  CPU peak: unknown (no /proc/cpuinfo)"));
        out.flush();
    }

    /** The result as a map for JSON output. */
    public static Map<String, Object> row(TorchComparison.Result r, Optional<CpuPeak> peak) {
        Map<String, Object> m = new LinkedHashMap<>();
        TorchComparison.Setting s = r.setting();
        m.put("setting", s.name());
        m.put("width", s.width());
        m.put("height", s.height());
        m.put("threads", r.threads());
        m.put("torch", r.torchVersions());
        m.put("settings_equal", r.settingsChecked());
        m.put("scda_parameters", r.scdaParameters());
        m.put("torch_parameters", r.torchParameters());
        FlopCount.DetectorFlops f = r.flops();
        m.put("train_gflop", f.trainingFlops() / 1e9);
        m.put("infer_gflop", f.inferenceFlops() / 1e9);
        SideBySide.Times t = r.times();
        if (t != null) {
            m.put("iterations", t.scdaTrain().length);
            m.put("images", t.scdaInfer().length);
            m.put("scda_train_ms_median", t.scdaTrainMedian());
            m.put("torch_train_ms_median", t.torchTrainMedian());
            m.put("train_ratio", t.trainRatio());
            m.put("scda_infer_ms_median", t.scdaInferMedian());
            m.put("torch_infer_ms_median", t.torchInferMedian());
            m.put("infer_ratio", t.inferRatio());
            m.put("scda_train_ms", t.scdaTrain());
            m.put("torch_train_ms", t.torchTrain());
            m.put("scda_infer_ms", t.scdaInfer());
            m.put("torch_infer_ms", t.torchInfer());
        }
        peak.ifPresent(p -> {
            m.put("cpu_peak_gflops", p.gflops(r.threads()));
            m.put("cpu_peak_derivation", p.derivation(r.threads()));
        });
        return m;
    }

    /** GFLOP/s of {@code flops} done in {@code ms} milliseconds. */
    static double gflops(double flops, double ms) {
        return flops / (ms * 1e6);
    }
}
