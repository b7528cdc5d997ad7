package org.scda.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.scda.api.Detector;
import org.scda.data.Datasets;
import org.scda.data.DetectionDataset;
import org.scda.engine.DetectorRunner.ImageFeatures;
import org.scda.eval.DomainGap;
import org.scda.report.Charts;
import org.scda.util.ScdaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scda domain-gap}: how far apart a trained detector's features put two domains. */
@Command(name = "domain-gap",
        mixinStandardHelpOptions = true,
        description = {"Measure how well a linear classifier tells source from target images",
                "by a trained detector's features: the proxy A-distance, PAD = 2 (1 - 2 err),",
                "err the held-out error of a logistic-regression domain classifier (two",
                "folds). 0: the domains look the same to it; 2: perfectly separable.",
                "Feature alignment (scda adapt, DA Faster) tries to lower it; a lower gap",
                "is not by itself a higher target accuracy. Levels: backbone (the backbone",
                "map averaged over positions, one vector an image) and roi (the RoI head",
                "features of the image's top-N proposals, averaged). Also the mean effect",
                "size: |mean_s - mean_t| / pooled std per feature, averaged over features,",
                "which still grades a shift every classifier separates (PAD 2). Inference",
                "mode; no labels are read."},
        footer = {"", "Examples:", "  scda domain-gap --model runs/adapt",
                "  scda domain-gap --model runs/train/model_last.ckpt --images 300 --json"})
public final class DomainGapCommand implements Callable<Integer> {

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M",
            description = "A run directory (its best checkpoint) or a checkpoint file.")
    Path model;

    @Option(names = "--source", paramLabel = "SPEC", defaultValue = "synth:foggy/source/val",
            description = "Source-domain images (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--target", paramLabel = "SPEC", defaultValue = "synth:foggy/target/val",
            description = "Target-domain images (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--images", paramLabel = "N", defaultValue = "200",
            description = "The first N images of each domain (0: all; default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--proposals", paramLabel = "N", defaultValue = "128",
            description = "Top-N proposals whose RoI features make an image's roi vector (default ${DEFAULT-VALUE},"
                    + " the CPU presets' target proposals).")
    int proposals;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the folds (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--plot", paramLabel = "DIR",
            description = "Also write DIR/domain-gap-backbone.png and DIR/domain-gap-roi.png: each image's vector on the"
                    + " first two principal components of both domains' vectors, source and target in two colours.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        if (images < 0 || proposals < 1) {
            throw new ScdaException("--images must be >= 0 and --proposals >= 1");
        }
        DetectionDataset sourceData = Datasets.load(source);
        DetectionDataset targetData = Datasets.load(target);
        List<ImageFeatures> s;
        List<ImageFeatures> t;
        try (Detector detector = Detector.load(model)) {
            s = detector.runner().features(sourceData, images, proposals, "source");
            t = detector.runner().features(targetData, images, proposals, "target");
        }
        Map<String, DomainGap.Result> levels = new LinkedHashMap<>();
        levels.put("backbone", measure(s, t, ImageFeatures::backbone, "backbone"));
        levels.put("roi", measure(s, t, ImageFeatures::rois, "roi"));
        PrintWriter out = spec.commandLine().getOut();
        if (plot != null) {
            for (String level : levels.keySet()) {
                Function<ImageFeatures, float[]> get = level.equals("backbone") ? ImageFeatures::backbone : ImageFeatures::rois;
                Path file = plot.resolve("domain-gap-" + level + ".png");
                scatter(file, level, vectors(s, get), vectors(t, get), levels.get(level));
                spec.commandLine().getErr().println("scda domain-gap: wrote " + file);
            }
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("model", model.toString());
            root.put("source", source);
            root.put("target", target);
            root.put("seed", seed);
            ObjectNode byLevel = root.putObject("levels");
            levels.forEach((name, r) -> {
                ObjectNode n = byLevel.putObject(name);
                n.put("dims", r.dims());
                n.put("source_images", r.sourceCount());
                n.put("target_images", r.targetCount());
                n.put("held_out_accuracy", r.accuracy());
                n.put("train_accuracy", 1 - r.trainError());
                n.put("proxy_a_distance", r.proxyADistance());
                n.put("mean_effect_size", r.meanEffectSize());
            });
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out.printf("model:  %s%nsource: %s (%d images)%ntarget: %s (%d images)%n%n", model, source, s.size(),
                    target, t.size());
            out.println("level     dims  images (s/t)  held-out accuracy  proxy A-distance  fit accuracy  mean effect size");
            levels.forEach((name, r) -> out.printf(Locale.ROOT, "%-8s %5d  %5d/%-5d   %17.3f  %16.3f  %12.3f  %16.3f%n",
                    name, r.dims(), r.sourceCount(), r.targetCount(), r.accuracy(), r.proxyADistance(),
                    1 - r.trainError(), r.meanEffectSize()));
        }
        out.flush();
        return ScdaCommand.EXIT_OK;
    }

    /** The gap at one level; images without a vector there (no proposals) are left out and counted. */
    private DomainGap.Result measure(List<ImageFeatures> s, List<ImageFeatures> t, Function<ImageFeatures, float[]> level,
                                     String name) {
        List<float[]> sv = vectors(s, level);
        List<float[]> tv = vectors(t, level);
        int missing = s.size() - sv.size() + t.size() - tv.size();
        if (missing > 0) {
            spec.commandLine().getErr().println("scda domain-gap: " + missing + " images had no proposals and are left out"
                    + " of the " + name + " level");
        }
        if (sv.size() < 4 || tv.size() < 4) {
            throw new ScdaException("the " + name + " level needs at least 4 images of each domain, got " + sv.size()
                    + " source and " + tv.size() + " target");
        }
        return DomainGap.measure(sv, tv, seed);
    }

    private void scatter(Path file, String level, List<float[]> sv, List<float[]> tv, DomainGap.Result r)
            throws java.io.IOException {
        DomainGap.Projection p = DomainGap.project(sv, tv);
        String title = String.format(Locale.ROOT, "%s features: PAD %.2f, effect size %.2f", level,
                r.proxyADistance(), r.meanEffectSize());
        Charts.scatter(file, title, String.format(Locale.ROOT, "PC1 (%.0f%% of variance)", 100 * p.variance()[0]),
                String.format(Locale.ROOT, "PC2 (%.0f%%)", 100 * p.variance()[1]),
                List.of(series("source: " + source, p.source()), series("target: " + target, p.target())));
    }

    private static Charts.Series series(String name, double[][] coords) {
        double[] x = new double[coords.length];
        double[] y = new double[coords.length];
        for (int i = 0; i < coords.length; i++) {
            x[i] = coords[i][0];
            y[i] = coords[i][1];
        }
        return new Charts.Series(name, x, y);
    }

    private static List<float[]> vectors(List<ImageFeatures> features, Function<ImageFeatures, float[]> level) {
        List<float[]> out = new ArrayList<>();
        for (ImageFeatures f : features) {
            float[] v = level.apply(f);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }
}
