package org.scda.spark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.scda.api.FolderDetection;
import org.scda.data.DataFormatException;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ImageFiles;
import org.scda.data.ImageIds;
import org.scda.data.SkipReport;
import org.scda.data.coco.CocoReader;
import org.scda.engine.Checkpoint;
import org.scda.engine.Checkpoints;
import org.scda.eval.CocoResults;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Evaluators;
import org.scda.eval.ImageMatch;
import org.scda.eval.MatchingEvaluator;
import org.scda.util.ScdaException;

/**
 * The job: images listed and numbered on the driver exactly as {@code scda detect} numbers them,
 * detected on the executors ({@link DetectPartition}), written as {@code detections.parquet}
 * (by the executors) and as {@code detections.json} and {@code images.json} (streamed to the
 * driver partition by partition, in image order, through scda detect's writers), and with
 * {@code --metric} evaluated: images matched on the executors, the matchings added on the driver
 * in the ground truth's image order, which gives {@code scda eval}'s numbers on
 * {@code detections.json} exactly.
 *
 * <p>Output folder: {@code detections.json}, {@code images.json}, {@code detections.parquet/},
 * {@code skipped.txt} (every skipped image: path, tab, reason) and with {@code --metric}
 * {@code eval.json}.
 */
public final class SparkDetection {
    /** The skip-report reason of a path listed twice (the later listing is skipped). */
    public static final String DUPLICATE = "path listed twice, skipped";

    /**
     * The skip-report reason of a file that got the id of an earlier one: with {@code --gt} ids
     * follow file names, and a list can name two files of the same name in different folders.
     */
    public static final String SAME_ID = "file name already listed in another folder (--gt matches by name), skipped";

    private SparkDetection() {
    }

    /**
     * What a job did.
     *
     * @param listed                paths in the image table
     * @param images                images detected on
     * @param detections            detections written
     * @param skipped               paths passed over, by reason
     * @param groundTruthUnmatched  ground-truth images that no listed path matched
     * @param evaluation            the evaluation, or null without {@code --metric}
     */
    public record Summary(int listed, int images, long detections, SkipReport skipped, List<Path> groundTruthUnmatched,
                          EvaluationResult evaluation) {
        public Summary {
            groundTruthUnmatched = List.copyOf(groundTruthUnmatched);
        }
    }

    /**
     * What the driver knows before any task: the checkpoint file and its class names.
     *
     * @param checkpoint the checkpoint file
     * @param classNames the model's class names
     */
    public record Model(Path checkpoint, List<String> classNames) {
    }

    /**
     * Reads the checkpoint's header on the driver (no engine, no weights) and checks its
     * architecture, so that a wrong model fails in one line before any executor starts.
     *
     * @throws ScdaException naming the checkpoint
     */
    public static Model checkModel(JobSettings settings) {
        Path checkpoint = Checkpoints.resolve(settings.model());
        Checkpoint meta;
        try {
            meta = Checkpoints.readMeta(checkpoint);
        } catch (IOException e) {
            throw new ScdaException(checkpoint + ": cannot read: " + e.getMessage(), e);
        }
        settings.architecture().check(checkpoint, meta.config().model());
        return new Model(checkpoint.toAbsolutePath(), meta.classNames());
    }

    /** Runs the job on {@code spark}; {@link #checkModel} first. */
    public static Summary run(SparkSession spark, JobSettings settings) {
        Model model = checkModel(settings);
        DetectionDataset groundTruth = settings.groundTruth() == null ? null : readGroundTruth(settings);
        DetectPartition.Evaluation evaluation = settings.metric() == null ? null
                : new DetectPartition.Evaluation(settings.metric(), groundTruth.classNames(),
                classMapping(model, CocoResults.categoryIds(settings.groundTruth()), settings.groundTruth()));

        List<Path> listed = listPaths(spark, settings.images());
        SkipReport.Builder skips = new SkipReport.Builder();
        List<Path> files = distinctSorted(listed, skips);
        ImageIds.Assignment ids = groundTruth == null ? ImageIds.sequential(files)
                : ImageIds.byFileName(files, groundTruth, settings.groundTruth());
        skips.addAll(ids.skipped());
        List<ImageIds.Numbered> numberedOnce = oncePerId(ids.images(), skips);
        List<String> skippedLines = new ArrayList<>();
        java.util.Set<Path> assigned = new java.util.HashSet<>();
        ids.images().forEach(n -> assigned.add(n.file()));
        files.stream().filter(f -> !assigned.contains(f)).forEach(f -> skippedLines.add(f + "\t" + ImageIds.NOT_IN_GROUND_TRUTH));
        java.util.Set<ImageIds.Numbered> kept = new java.util.HashSet<>(numberedOnce);
        ids.images().stream().filter(n -> !kept.contains(n))
                .forEach(n -> skippedLines.add(n.file() + "\t" + SAME_ID));
        Map<Long, GroundTruthImage> truthById = new HashMap<>();
        if (evaluation != null) {
            groundTruth.samples().forEach(s -> truthById.put(s.id(), GroundTruthImage.of(s)));
        }
        List<ImageTask> tasks = new ArrayList<>(numberedOnce.size());
        for (ImageIds.Numbered n : numberedOnce) {
            tasks.add(new ImageTask(n.id(), n.file().toAbsolutePath().normalize().toString(), truthById.get(n.id())));
        }

        try {
            Files.createDirectories(settings.out());
        } catch (IOException e) {
            throw new ScdaException("cannot create " + settings.out() + ": " + e.getMessage(), e);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = settings.partitionsFor(tasks.size(), jsc.defaultParallelism());
        JavaRDD<ImageResult> results = jsc.parallelize(tasks, partitions)
                .mapPartitions(new DetectPartition(model.checkpoint().toString(), settings.threads(), evaluation))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            spark.createDataFrame(results.flatMap(new ResultRows(model.classNames())), ResultRows.SCHEMA)
                    .write().mode(SaveMode.Overwrite).parquet(settings.out().resolve("detections.parquet").toString());
            Driverside written = writeOnDriver(results.toLocalIterator(), settings.out(), skips, skippedLines);
            writeLines(settings.out().resolve("skipped.txt"), skippedLines);
            EvaluationResult result = null;
            if (evaluation != null) {
                result = evaluate(groundTruth, written.matches, evaluation);
                writeLines(settings.out().resolve("eval.json"), List.of(result.toJson()));
            }
            return new Summary(listed.size(), written.images, written.detections, skips.build(),
                    ids.groundTruthUnmatched(), result);
        } finally {
            results.unpersist(false);
        }
    }

    /** What the driver gathered while writing the JSON files. */
    private record Driverside(int images, long detections, Map<Long, ImageMatch> matches) {
    }

    private static Driverside writeOnDriver(Iterator<ImageResult> results, Path out, SkipReport.Builder skips,
                                           List<String> skippedLines) {
        StringBuilder index = new StringBuilder();
        Map<Long, ImageMatch> matches = new HashMap<>();
        int images = 0;
        try (CocoResults.Writer json = CocoResults.Writer.open(out.resolve("detections.json"))) {
            while (results.hasNext()) {
                ImageResult r = results.next();
                if (r.match() != null) {
                    matches.put(r.id(), r.match());
                }
                if (r.skipped()) {
                    skips.add(ImageFiles.UNREADABLE, r.skipReason());
                    skippedLines.add(r.path() + "\t" + r.skipReason());
                    continue;
                }
                String fileName = Path.of(r.path()).getFileName().toString();
                for (int k = 0; k < r.size(); k++) {
                    json.add(r.detection(k), fileName, null);
                }
                index.append(index.length() == 0 ? "" : ",\n")
                        .append(FolderDetection.imagesEntry(r.id(), Path.of(r.path()), r.width(), r.height()));
                images++;
            }
            Files.writeString(out.resolve("images.json"), FolderDetection.imagesJson(index));
            return new Driverside(images, json.entries(), matches);
        } catch (IOException e) {
            throw new ScdaException("cannot write to " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * The driver half of the evaluation: the executors' matchings added in the ground truth's
     * image order (as {@code scda eval} processes the images); an image no task matched (no
     * listed file) is matched here with no detections, so its objects count as missed.
     */
    static EvaluationResult evaluate(DetectionDataset groundTruth, Map<Long, ImageMatch> matches,
                                     DetectPartition.Evaluation evaluation) {
        MatchingEvaluator evaluator = Evaluators.create(evaluation.metric(), groundTruth.classNames());
        for (DetectionSample s : groundTruth.samples()) {
            ImageMatch m = matches.get(s.id());
            evaluator.add(m != null ? m : evaluator.match(s, List.of()));
        }
        return evaluator.evaluate();
    }

    /** The ground truth, checked as {@code scda eval} checks it. */
    private static DetectionDataset readGroundTruth(JobSettings settings) {
        DetectionDataset gt = CocoReader.read(settings.groundTruth(), null);
        if (settings.metric() != null && !gt.labelled()) {
            throw new ScdaException(settings.groundTruth() + ": has no \"annotations\"; ground truth needs labels");
        }
        return gt;
    }

    /**
     * Per model class, the ground-truth class its detections count as: {@code scda detect}
     * writes category id = class id + 1 and {@code scda eval} maps category ids to the ground
     * truth's classes in ascending id order.
     *
     * @throws DataFormatException when a model class's category id is not in the ground truth
     */
    static int[] classMapping(Model model, List<Long> categoryIds, Path groundTruthFile) {
        int[] out = new int[model.classNames().size()];
        for (int c = 0; c < out.length; c++) {
            int index = categoryIds.indexOf((long) c + 1);
            if (index < 0) {
                throw new DataFormatException(groundTruthFile, "has no category id " + (c + 1) + " for the model's class "
                        + model.classNames().get(c) + " (category ids: " + categoryIds + ")");
            }
            out[c] = index;
        }
        return out;
    }

    /**
     * The paths in path order without repeats (the order {@code scda detect} numbers a folder
     * in); a repeat is counted as {@link #DUPLICATE}.
     */
    static List<Path> distinctSorted(List<Path> paths, SkipReport.Builder skips) {
        TreeSet<Path> seen = new TreeSet<>();
        for (Path p : paths) {
            if (!seen.add(p.toAbsolutePath().normalize())) {
                skips.add(DUPLICATE, p.toString());
            }
        }
        return new ArrayList<>(seen);
    }

    /** The numbered files keeping the first file of each id; the others counted as {@link #SAME_ID}. */
    static List<ImageIds.Numbered> oncePerId(List<ImageIds.Numbered> numbered, SkipReport.Builder skips) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        List<ImageIds.Numbered> out = new ArrayList<>(numbered.size());
        for (ImageIds.Numbered n : numbered) {
            if (seen.add(n.id())) {
                out.add(n);
            } else {
                skips.add(SAME_ID, n.file().toString());
            }
        }
        return out;
    }

    /** The image paths of the source; a table's column is read with Spark and collected. */
    static List<Path> listPaths(SparkSession spark, ImageSource source) {
        if (source.kind() != ImageSource.Kind.PARQUET && source.kind() != ImageSource.Kind.CSV) {
            return source.listFiles();
        }
        Dataset<Row> table = source.kind() == ImageSource.Kind.PARQUET
                ? spark.read().parquet(source.path().toString())
                : spark.read().option("header", "true").csv(source.path().toString());
        if (!Arrays.asList(table.columns()).contains(source.column())) {
            throw new ScdaException(source.path() + " has no column '" + source.column() + "' (columns: "
                    + String.join(", ", table.columns()) + "); name the one with the image paths with --column");
        }
        Path base = source.path().toAbsolutePath().getParent();
        List<String> values = table.select(source.column()).as(Encoders.STRING()).collectAsList();
        List<String> present = values.stream().filter(v -> v != null && !v.isBlank()).toList();
        if (present.size() != values.size()) {
            throw new ScdaException(source.path() + ": column '" + source.column() + "' has "
                    + (values.size() - present.size()) + " empty values");
        }
        return ImageSource.parseList(present, base);
    }

    private static void writeLines(Path file, List<String> lines) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new ScdaException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
