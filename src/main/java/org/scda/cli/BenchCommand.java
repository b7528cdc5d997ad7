package org.scda.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scda.adapt.align.AdaptationBenchmark;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSettings;
import org.scda.bench.CpuPeak;
import org.scda.bench.SideBySide;
import org.scda.bench.TorchComparison;
import org.scda.bench.TorchReference;
import org.scda.bench.TorchReport;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.engine.Benchmark;
import org.scda.engine.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scda bench}: speed and memory of the detector on this machine. */
@Command(name = "bench",
        header = "Time training, inference and adaptation iterations; report peak memory.",
        mixinStandardHelpOptions = true,
        description = {"Time training iterations (forward + backward + update) and inference",
                "per image, and report resident memory: (a) the CPU default (small",
                "backbone, 256x128) and (b) VGG16 at 1024x512 (the paper's size).",
                "Prints medians after warm-up and RSS every 100 training iterations:",
                "RSS that stays flat shows per-iteration memory is released. Also times one",
                "adaptation iteration (all four updates): cpu-type2 and paper Type2.",
                "With --compare-torch: the same detector built from torchvision's parts",
                "(bench/torch_reference.py, run by python3 as a child process) timed in",
                "alternating blocks in this one invocation; prints both medians, scda/torch",
                "and the achieved GFLOP/s against an estimate of the CPU's peak."})
public final class BenchCommand implements Callable<Integer> {
    /** Classes of the timed detectors (the built-in benchmark's four; Cityscapes would have 8). */
    private static final int NUM_CLASSES = Benchmark.Session.NUM_CLASSES;
    private static final long SEED = 42;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--only", paramLabel = "small|vgg16", description = "Run one setting only.")
    String only;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "300",
            description = "Timed training iterations of the CPU default (default ${DEFAULT-VALUE}; 1000 for the memory check).")
    int iterations;

    @Option(names = "--vgg-iterations", paramLabel = "N", defaultValue = "3",
            description = "Timed training iterations and inference images of VGG16 at 1024x512 (default ${DEFAULT-VALUE}).")
    int vggIterations;

    @Option(names = "--adapt-iterations", paramLabel = "N", defaultValue = "30",
            description = "Timed adaptation iterations of cpu-type2 (default ${DEFAULT-VALUE}; paper Type2 uses --vgg-iterations).")
    int adaptIterations;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Option(names = "--mask", description = "Time Mask R-CNN (the mask branch on, box-shaped mask targets) instead of Faster R-CNN.")
    boolean mask;

    @Option(names = "--compare-torch",
            description = "Time the same detector in torchvision side by side (needs: " + TorchReference.INSTALL + ").")
    boolean compareTorch;

    @Option(names = "--check", description = "With --compare-torch: compare settings and parameter counts only, no timing.")
    boolean check;

    @Option(names = "--python", paramLabel = "CMD", defaultValue = "python3",
            description = "Interpreter for the torch reference (default ${DEFAULT-VALUE}; Debian's packages are seen by /usr/bin/python3).")
    String python;

    @Option(names = "--torch-script", paramLabel = "FILE", defaultValue = "bench/torch_reference.py",
            description = "The torch reference script (default ${DEFAULT-VALUE}, looked up beside the jar's checkout too).")
    Path torchScript;

    @Option(names = "--blocks", paramLabel = "N", defaultValue = "5",
            description = "With --compare-torch: alternating blocks the timed iterations are split into (default ${DEFAULT-VALUE}).")
    int blocks;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (compareTorch) {
            return compareTorch(out);
        }
        if (check) {
            throw new ParameterException(spec.commandLine(), "--check goes with --compare-torch");
        }
        List<Benchmark.Result> results = new ArrayList<>();
        List<AdaptationBenchmark.Result> adaptation = new ArrayList<>();
        if (only == null || only.equals("small")) {
            TrainConfig cfg = withMask(TrainConfig.defaults());
            results.add(Benchmark.run("small (CPU default)" + maskSuffix(), cfg.model(), cfg.solver(), 256, 128, 20, iterations, 50,
                    100));
            adaptation.add(AdaptationBenchmark.run(new AdaptConfig(cfg, AdaptSettings.defaults()), NUM_CLASSES, 5, adaptIterations, SEED));
            if (!json) {
                print(out, results.get(results.size() - 1));
                print(out, adaptation.get(adaptation.size() - 1));
            }
        }
        if (only == null || only.equals("vgg16")) {
            TrainConfig cfg = withMask(Configs.parseYaml(resource("/configs/vgg16-paper.yaml")));
            results.add(Benchmark.run("vgg16 (paper)" + maskSuffix(), cfg.model(), cfg.solver(), 1024, 512, 1, vggIterations,
                    vggIterations, 1));
            AdaptConfig paper = new AdaptConfig(cfg, AdaptSettings.defaults()).withOverrides(Map.of("adapt.preset", "type2"));
            adaptation.add(AdaptationBenchmark.run(paper, NUM_CLASSES, 1, vggIterations, SEED));
            if (!json) {
                print(out, results.get(results.size() - 1));
                print(out, adaptation.get(adaptation.size() - 1));
            }
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Benchmark.Result r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("setting", r.name());
                m.put("width", r.width());
                m.put("height", r.height());
                m.put("train_iterations", r.trainIterations());
                m.put("train_ms_median", r.trainMs());
                m.put("infer_images", r.inferImages());
                m.put("infer_ms_median", r.inferMs());
                m.put("rss_mb", r.rssMbAt());
                m.put("peak_rss_mb", r.peakRssMb());
                rows.add(m);
            }
            List<Map<String, Object>> adaptRows = new ArrayList<>();
            for (AdaptationBenchmark.Result r : adaptation) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("preset", r.preset());
                m.put("backbone", r.backbone());
                m.put("mask", mask);
                m.put("width", r.width());
                m.put("height", r.height());
                m.put("iterations", r.ms().length);
                m.put("adapt_ms_median", r.medianMs());
                adaptRows.add(m);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("results", rows);
            root.put("adaptation", adaptRows);
            root.put("provenance", Provenance.collect());
            out.println(Configs.json().writeValueAsString(root));
        } else {
            out.println("threads: " + System.getProperty("ai.djl.pytorch.num_threads", "default")
                    + " (set SCDA_THREADS); processors: " + Runtime.getRuntime().availableProcessors());
        }
        out.flush();
        return ScdaCommand.EXIT_OK;
    }

    private int compareTorch(PrintWriter out) throws IOException {
        if (mask) {
            throw new ParameterException(spec.commandLine(), "--compare-torch times Faster R-CNN: drop --mask");
        }
        if (only != null && !only.equals("small") && !only.equals("vgg16")) {
            throw new ParameterException(spec.commandLine(), "--only takes small or vgg16, got '" + only + "'");
        }
        if (iterations < 1 || vggIterations < 1 || blocks < 1) {
            throw new ParameterException(spec.commandLine(), "--iterations, --vgg-iterations and --blocks must be at least 1");
        }
        Path script = TorchComparison.locateScript(torchScript);
        List<TorchComparison.Result> results = new ArrayList<>();
        if (only == null || only.equals("small")) {
            TorchComparison.Setting small = new TorchComparison.Setting("small", "small (CPU default)",
                    TrainConfig.defaults(), 256, 128);
            results.add(TorchComparison.run(small, python, script,
                    check ? null : new SideBySide.Plan(20, 5, iterations, 50, blocks)));
            if (!json) {
                TorchReport.print(out, results.get(results.size() - 1), CpuPeak.read());
            }
        }
        if (only == null || only.equals("vgg16")) {
            TorchComparison.Setting vgg = new TorchComparison.Setting("vgg16", "vgg16 (paper)",
                    Configs.parseYaml(resource("/configs/vgg16-paper.yaml")), 1024, 512);
            results.add(TorchComparison.run(vgg, python, script,
                    check ? null : new SideBySide.Plan(1, 1, vggIterations, vggIterations, blocks)));
            if (!json) {
                TorchReport.print(out, results.get(results.size() - 1), CpuPeak.read());
            }
        }
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("torch_comparison", results.stream().map(r -> TorchReport.row(r, CpuPeak.read())).toList());
            root.put("provenance", Provenance.collect());
            out.println(Configs.json().writeValueAsString(root));
        }
        out.flush();
        return ScdaCommand.EXIT_OK;
    }

    private TrainConfig withMask(TrainConfig cfg) {
        return mask ? Configs.withOverrides(cfg, Map.of("model.mask", true)) : cfg;
    }

    private String maskSuffix() {
        return mask ? ", Mask R-CNN" : "";
    }

    private void print(PrintWriter out, AdaptationBenchmark.Result r) {
        out.printf(Locale.ROOT, "adaptation %s (%s%s) at %dx%d%n", r.preset(), r.backbone(), maskSuffix(), r.width(),
                r.height());
        out.printf(Locale.ROOT, "  adaptation iteration (Ds/Dt, Dw, Gs/Gt, detector): median %.1f ms over %d iterations%n",
                r.medianMs(), r.ms().length);
        out.flush();
    }

    private static void print(PrintWriter out, Benchmark.Result r) {
        out.printf(Locale.ROOT, "%s at %dx%d%n", r.name(), r.width(), r.height());
        out.printf(Locale.ROOT, "  training iteration: median %.1f ms over %d iterations%n", r.trainMs(), r.trainIterations());
        out.printf(Locale.ROOT, "  inference:          median %.1f ms per image over %d images%n", r.inferMs(), r.inferImages());
        StringBuilder sb = new StringBuilder();
        for (double[] p : r.rssMbAt()) {
            sb.append(String.format(Locale.ROOT, " it%d=%.0f", (int) p[0], p[1]));
        }
        out.printf(Locale.ROOT, "  resident memory MB:%s%n", sb);
        out.printf(Locale.ROOT, "  peak resident memory (VmHWM): %.0f MB%n", r.peakRssMb());
        out.flush();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BenchCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
