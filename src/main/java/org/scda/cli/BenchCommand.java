package org.scda.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scda.adapt.align.AdaptationBenchmark;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSettings;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.engine.Benchmark;
import org.scda.engine.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
                "adaptation iteration (all four updates): cpu-type2 and paper Type2."})
public final class BenchCommand implements Callable<Integer> {
    /** Classes of the timed detectors (the built-in benchmark's four; Cityscapes would have 8). */
    private static final int NUM_CLASSES = 4;
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

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
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
