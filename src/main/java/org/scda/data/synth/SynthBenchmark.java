package org.scda.data.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.SkipReport;
import org.scda.data.coco.CocoWriter;
import org.scda.util.ProgressBar;
import org.scda.util.ScdaException;

/**
 * Writes a synthetic source-to-target benchmark of a {@link Scenario} as COCO splits:
 * <pre>
 * DIR/source/train.json  DIR/source/train/*.png    labelled
 * DIR/source/val.json    DIR/source/val/*.png      labelled
 * DIR/target/train.json  DIR/target/train/*.png    images only (no "annotations" key)
 * DIR/target/val.json    DIR/target/val/*.png      labelled, for evaluation only
 * DIR/target_oracle/train.json                     labelled; the images of target/train,
 *                                                  referenced as ../../target/train/NAME.png
 * DIR/benchmark.json     provenance and cheap image statistics per split
 * DIR/README.txt         the layout in words
 * </pre>
 * Image {@code i} of a split is rendered from its own {@code SplittableRandom} seeded from
 * (seed, split, i), so the output is identical whatever the number of threads. The target is
 * rendered at the pair's shift strength ({@link SynthPair}, {@link ShiftMapping}); at the
 * default strength 1 every image and split file is the one written before the strength existed,
 * and benchmark.json gains the keys {@code strength} and {@code shift_parameters}.
 */
public final class SynthBenchmark {
    /** Bumped whenever the rendering changes, so cached benchmarks are regenerated. */
    public static final String GENERATOR_VERSION = "2";
    /** The seed of the built-in benchmarks. */
    public static final long DEFAULT_SEED = 2019;
    public static final int DEFAULT_WIDTH = 256;
    public static final int DEFAULT_HEIGHT = 128;

    /** Domain/split names, in generation order. */
    static final List<String> SPLITS = List.of("source/train", "source/val", "target/train", "target/val");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Images per split.
     *
     * @param sourceTrain labelled source training images
     * @param sourceVal   labelled source validation images
     * @param targetTrain target training images (unlabelled; labelled in target_oracle)
     * @param targetVal   labelled target validation images
     */
    public record Counts(int sourceTrain, int sourceVal, int targetTrain, int targetVal) {
        /** About 1000 train / 300 val images per domain. */
        public static final Counts DEFAULT = new Counts(1000, 300, 1000, 300);

        public Counts {
            if (sourceTrain < 1 || sourceVal < 1 || targetTrain < 1 || targetVal < 1) {
                throw new IllegalArgumentException("every split needs at least one image, got " + sourceTrain + "/"
                        + sourceVal + "/" + targetTrain + "/" + targetVal);
            }
        }

        /** The same {@code train} and {@code val} counts in both domains. */
        public static Counts of(int train, int val) {
            return new Counts(train, val, train, val);
        }

        int of(String split) {
            return switch (split) {
                case "source/train" -> sourceTrain;
                case "source/val" -> sourceVal;
                case "target/train" -> targetTrain;
                case "target/val" -> targetVal;
                default -> throw new IllegalArgumentException(split);
            };
        }

        public int total() {
            return sourceTrain + sourceVal + targetTrain + targetVal;
        }
    }

    /**
     * What was written.
     *
     * @param dir      the benchmark folder
     * @param images   images per split ("source/train", ...)
     * @param objects  labelled objects per split (ignore regions included)
     * @param seconds  wall-clock time of the generation
     */
    public record Result(Path dir, Map<String, Integer> images, Map<String, Integer> objects, double seconds) {
    }

    private SynthBenchmark() {
    }

    /** {@link #generate(SynthPair, Path, long, int, int, Counts, int)} at strength 1 on all available processors. */
    public static Result generate(Scenario scenario, Path outDir, long seed, int width, int height, Counts counts) {
        return generate(scenario, outDir, seed, width, height, counts, Runtime.getRuntime().availableProcessors());
    }

    /** {@link #generate(SynthPair, Path, long, int, int, Counts, int)} at the default strength 1. */
    public static Result generate(Scenario scenario, Path outDir, long seed, int width, int height, Counts counts,
                                  int threads) {
        return generate(SynthPair.of(scenario), outDir, seed, width, height, counts, threads);
    }

    /**
     * Renders and writes the benchmark.
     *
     * @param pair     which pair of domains, at which shift strength
     * @param outDir   the benchmark folder (created; existing files are overwritten)
     * @param seed     the seed; the same seed gives byte-identical files
     * @param width    source image width (the camera scenario's target has its own size)
     * @param height   source image height
     * @param counts   images per split
     * @param threads  rendering threads
     */
    public static Result generate(SynthPair pair, Path outDir, long seed, int width, int height, Counts counts,
                                  int threads) {
        long start = System.nanoTime();
        DomainStyle source = pair.source(width, height);
        DomainStyle target = pair.target(width, height);
        Map<String, List<DetectionSample>> samples = new LinkedHashMap<>();
        Map<String, SplitStats> stats = new LinkedHashMap<>();
        for (String split : SPLITS) {
            samples.put(split, new ArrayList<>());
            stats.put(split, new SplitStats());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "synth-render");
            t.setDaemon(true);
            return t;
        });
        try (ProgressBar bar = new ProgressBar("synth", counts.total())) {
            for (String split : SPLITS) {
                DomainStyle style = split.startsWith("source") ? source : target;
                Path imagesDir = outDir.resolve(split);
                Files.createDirectories(imagesDir);
                int splitCode = SPLITS.indexOf(split) + 1;
                List<Future<Rendered>> futures = new ArrayList<>();
                for (int i = 0; i < counts.of(split); i++) {
                    int index = i;
                    futures.add(pool.submit(() -> {
                        Rendered r = renderAndWrite(style, imageSeed(seed, splitCode, index), index, imagesDir);
                        synchronized (bar) {
                            bar.step();
                        }
                        return r;
                    }));
                }
                for (Future<Rendered> f : futures) {
                    Rendered r = f.get();
                    samples.get(split).add(r.sample);
                    stats.get(split).add(r);
                }
            }
        } catch (IOException e) {
            throw new ScdaException("cannot write the benchmark to " + outDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScdaException("benchmark generation interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ScdaException("benchmark generation failed: " + cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }

        String prefix = "synth:" + pair.id() + "/";
        List<String> classes = SynthClasses.NAMES;
        for (String split : SPLITS) {
            DetectionDataset ds = new DetectionDataset(prefix + split, classes, samples.get(split), true, SkipReport.empty());
            if (split.equals("target/train")) {
                ds = ds.withoutLabels();
            }
            CocoWriter.write(ds, outDir.resolve(split + ".json"), outDir.resolve(split));
        }
        Path oracleImages = outDir.resolve("target_oracle/train");
        try {
            Files.createDirectories(oracleImages);
        } catch (IOException e) {
            throw new ScdaException("cannot create " + oracleImages + ": " + e.getMessage(), e);
        }
        CocoWriter.write(new DetectionDataset(prefix + "target_oracle/train", classes, samples.get("target/train"), true,
                SkipReport.empty()), outDir.resolve("target_oracle/train.json"), oracleImages);

        writeProvenance(pair, outDir, seed, width, height, counts, source, target, stats);
        Map<String, Integer> images = new LinkedHashMap<>();
        Map<String, Integer> objects = new LinkedHashMap<>();
        for (String split : SPLITS) {
            images.put(split, samples.get(split).size());
            objects.put(split, samples.get(split).stream().mapToInt(s -> s.objects().size()).sum());
        }
        return new Result(outDir, images, objects, (System.nanoTime() - start) / 1e9);
    }

    /** The seed of image {@code index} of split number {@code splitCode} (SplitMix64 finaliser). */
    static long imageSeed(long seed, int splitCode, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + splitCode * 0xD1B54A32D192ED03L + index * 0x8CB92BA72F3D8DD7L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private record Rendered(DetectionSample sample, double brightness, double contrast, int objects,
                            int lowContrastObjects, int[] perClass, double beta) {
    }

    private static Rendered renderAndWrite(DomainStyle style, long seed, int index, Path imagesDir) {
        RenderedScene scene = StreetSceneRenderer.render(style, new SplittableRandom(seed));
        Path file = imagesDir.resolve(String.format(Locale.ROOT, "%06d.png", index));
        try {
            ImageIO.write(scene.image(), "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BufferedImage img = scene.image();
        ImageStats.Luma luma = ImageStats.luma(img);
        int low = 0;
        int[] perClass = new int[SynthClasses.NAMES.size()];
        for (ObjectAnnotation o : scene.objects()) {
            perClass[o.classId()]++;
            if (ImageStats.boxContrast(luma, o.box()) < ImageStats.LOW_CONTRAST) {
                low++;
            }
        }
        DetectionSample sample = new DetectionSample(index + 1L, file, img.getWidth(), img.getHeight(), scene.objects());
        return new Rendered(sample, luma.mean(), luma.rmsContrast(), scene.objects().size(), low, perClass, scene.beta());
    }

    /** Accumulates the per-split statistics written to benchmark.json. */
    private static final class SplitStats {
        int images;
        double brightness;
        double contrast;
        int objects;
        int lowContrast;
        double beta;
        final int[] perClass = new int[SynthClasses.NAMES.size()];

        void add(Rendered r) {
            images++;
            brightness += r.brightness;
            contrast += r.contrast;
            objects += r.objects;
            lowContrast += r.lowContrastObjects;
            beta += r.beta;
            for (int c = 0; c < perClass.length; c++) {
                perClass[c] += r.perClass[c];
            }
        }
    }

    private static void writeProvenance(SynthPair pair, Path outDir, long seed, int width, int height, Counts counts,
                                        DomainStyle source, DomainStyle target, Map<String, SplitStats> stats) {
        ObjectNode root = JSON.createObjectNode();
        root.put("generator", "scda synth");
        root.put("generator_version", GENERATOR_VERSION);
        root.put("scenario", pair.scenario().id());
        root.put("strength", pair.strength());
        root.put("seed", seed);
        root.put("source_size", width + "x" + height);
        int[] ts = {target.camera().width(), target.camera().height()};
        root.put("target_size", ts[0] + "x" + ts[1]);
        root.set("counts", JSON.valueToTree(counts));
        root.set("classes", JSON.valueToTree(SynthClasses.NAMES));
        root.set("source_style", JSON.valueToTree(source));
        root.set("target_style", JSON.valueToTree(target));
        root.set("shift_parameters", JSON.valueToTree(pair.parameters(width, height)));
        ObjectNode splits = root.putObject("splits");
        for (Map.Entry<String, SplitStats> e : stats.entrySet()) {
            SplitStats s = e.getValue();
            ObjectNode n = splits.putObject(e.getKey());
            n.put("images", s.images);
            n.put("objects", s.objects);
            ObjectNode pc = n.putObject("objects_per_class");
            for (int c = 0; c < s.perClass.length; c++) {
                pc.put(SynthClasses.NAMES.get(c), s.perClass[c]);
            }
            n.put("mean_brightness", round(s.brightness / Math.max(1, s.images)));
            n.put("mean_rms_contrast", round(s.contrast / Math.max(1, s.images)));
            n.put("low_contrast_object_fraction", round(s.lowContrast / (double) Math.max(1, s.objects)));
            n.put("mean_fog_beta", round(s.beta / Math.max(1, s.images)));
        }
        root.put("low_contrast_definition", "RMS luma contrast inside the object box below "
                + ImageStats.LOW_CONTRAST + " (luma in 0..1)");
        try {
            Files.createDirectories(outDir);
            JSON.writeValue(outDir.resolve("benchmark.json").toFile(), root);
            Files.writeString(outDir.resolve("README.txt"), readme(pair, seed, width, height, ts, counts));
        } catch (IOException e) {
            throw new ScdaException("cannot write provenance to " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static String readme(SynthPair pair, long seed, int width, int height, int[] ts, Counts counts) {
        return String.join("\n",
                "scda synthetic benchmark '" + pair.id() + "' (generator version " + GENERATOR_VERSION + ", seed " + seed + ")",
                "",
                "Source images " + width + "x" + height + ", target images " + ts[0] + "x" + ts[1] + ".",
                "Classes: " + String.join(", ", SynthClasses.NAMES) + " (same list in both domains).",
                "",
                "source/train.json        " + counts.sourceTrain() + " labelled images in source/train/",
                "source/val.json          " + counts.sourceVal() + " labelled images in source/val/",
                "target/train.json        " + counts.targetTrain() + " target images WITHOUT labels in target/train/",
                "target/val.json          " + counts.targetVal() + " labelled target images (evaluation only)",
                "target_oracle/train.json the labels of target/train (oracle upper bound only);",
                "                         its file_name entries point to ../../target/train/",
                "benchmark.json           provenance (styles, fog beta) and image statistics per split",
                "",
                "COCO instances format: bbox [x,y,w,h] in pixels, category_id = class index + 1,",
                "iscrowd = 1 for objects under 8 px tall (ignore regions), segmentation = visible outline.",
                "");
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
