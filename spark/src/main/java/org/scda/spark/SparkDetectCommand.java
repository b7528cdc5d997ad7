package org.scda.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.scda.eval.Metric;
import org.scda.util.ScdaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scda-spark}: the {@code spark-submit} entry point
 * ({@code --class org.scda.spark.SparkDetectCommand}). Parses the flags, checks the model on
 * the driver, starts (or joins) the Spark session and runs {@link SparkDetection}.
 */
@Command(name = "scda-spark",
        mixinStandardHelpOptions = true,
        version = "scda-spark 0.1.0",
        description = {"Detect objects in an image table with a trained Faster R-CNN on Apache Spark, and",
                "optionally evaluate them against COCO ground truth.",
                "",
                "--images is a folder of images, one image, a list file (one path per line; relative",
                "paths against its folder), or a Parquet or CSV table with a column of paths (--column).",
                "Every executor must be able to read the model and the images (a shared file system).",
                "Images are numbered 1, 2, ... in path order, as scda detect numbers a folder; with --gt",
                "they get the ground truth's ids (matched by file name; others are skipped and counted).",
                "Each executor task slot loads the model once and keeps it for every later partition.",
                "",
                "Writes OUT/detections.json and OUT/images.json (as scda detect writes them, without the",
                "pictures), OUT/detections.parquet (image_id, image, class, category_id, score, x1, y1,",
                "x2, y2), OUT/skipped.txt (path, tab, reason), and with --metric OUT/eval.json, the",
                "numbers scda eval gives on OUT/detections.json. A missing or unreadable image is",
                "skipped and counted, never a failed job."},
        footer = {"", "Example (one machine, 2 cores):",
                "  spark-submit --master 'local[2]' --class org.scda.spark.SparkDetectCommand \\",
                "    spark/target/scda-spark.jar --model runs/train --images images.parquet --out out"})
public final class SparkDetectCommand implements Callable<Integer> {
    /** Exit code of a run that ended normally. */
    public static final int EXIT_OK = 0;
    /** Exit code of a run that failed (one line on stderr says why). */
    public static final int EXIT_FAILED = 1;
    /** Exit code of a usage error. */
    public static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M", description = "A run directory (its best checkpoint) or a checkpoint file.")
    Path model;

    @Option(names = "--images", required = true, paramLabel = "SRC",
            description = "A folder of images, an image, a list file, or a .parquet/.csv table of paths.")
    Path images;

    @Option(names = "--column", paramLabel = "NAME", description = "The table column with the image paths (default: path).")
    String column;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--gt", paramLabel = "GT.json",
            description = "COCO ground truth of these images: detections get its image ids, matched by file name.")
    Path groundTruth;

    @Option(names = "--metric", paramLabel = "METRIC",
            description = "Evaluate against --gt with voc07, voc or coco (scda eval's numbers).")
    String metric;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "faster-rcnn",
            description = "The detector the checkpoint must be: faster-rcnn or faster-rcnn/BACKBONE (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions of the image list (default 0: four per default parallelism).")
    int partitions;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "libtorch threads per task, unless the executors set ai.djl.pytorch.num_threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not started by spark-submit (default then: local[*]).")
    String master;

    @Override
    public Integer call() {
        JobSettings settings;
        try {
            settings = new JobSettings(model, ImageSource.of(images, column), out, groundTruth,
                    metric == null ? null : Metric.fromCliName(metric), Architecture.parse(arch), partitions, threads);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SparkDetection.checkModel(settings);
        QuietLogging.install();
        SparkConf conf = new SparkConf().setAppName("scda-spark");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        // a session already running in this JVM (an embedding program, a test) is joined and left running
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = ownSession ? SparkSession.builder().config(conf).getOrCreate() : SparkSession.active();
        long start = System.nanoTime();
        SparkDetection.Summary s;
        try {
            s = SparkDetection.run(spark, settings);
        } finally {
            if (ownSession) {
                spark.stop();
                DetectorPool.closeIdle();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report(s, seconds);
        return EXIT_OK;
    }

    private void report(SparkDetection.Summary s, double seconds) {
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(java.util.Locale.ROOT, "%d detections on %d images -> %s (%.1f s, %.2f images/s)%n", s.detections(),
                s.images(), out, seconds, s.images() / seconds);
        if (s.evaluation() != null) {
            pw.print(s.evaluation().toTable());
        }
        pw.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (!s.skipped().isEmpty()) {
            err.println("scda-spark: skipped " + s.skipped().total() + " of " + s.listed() + " listed images (all in "
                    + out.resolve("skipped.txt") + "):");
            s.skipped().describe().forEach(line -> err.println("  " + line));
        }
        if (!s.groundTruthUnmatched().isEmpty()) {
            err.println("scda-spark: " + s.groundTruthUnmatched().size() + " images of " + groundTruth
                    + " have no file in " + images + " (e.g. " + s.groundTruthUnmatched().get(0).getFileName()
                    + "); their objects count as missed");
        }
        err.flush();
    }

    /** A configured command line: usage errors and failures as one line on stderr. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SparkDetectCommand());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("scda-spark: " + ex.getMessage());
            err.println("Try 'scda-spark --help' for more information.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage().replace('\n', ' ');
            err.println("scda-spark: " + (ex instanceof ScdaException || ex instanceof IllegalArgumentException
                    ? msg : "internal error: " + ex.getClass().getSimpleName() + ": " + msg));
            err.flush();
            return EXIT_FAILED;
        });
        return cl;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
