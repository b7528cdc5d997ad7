package org.scda.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.cli.ScdaCommand;
import org.scda.data.ImageFiles;
import org.scda.data.synth.SynthCatalog;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Metric;
import picocli.CommandLine;

/**
 * The job in {@code local[2]} against {@code scda detect} and {@code scda eval} on a small
 * built-in split (foggy target val, 6 images) with a tiny trained detector: the same boxes and
 * scores, and exactly the same evaluation, with a missing and a corrupt image in the table.
 */
@Tag("spark")
@Tag("engine")
class SparkDetectionTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path groundTruth;
    /** The val images with the third deleted (missing) and the last truncated (corrupt). */
    static Path folder;
    static List<Path> valImages;
    static SparkSession spark;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void trainATinyDetectorOnASmallBuiltInSplit() throws Exception {
        System.setProperty("scda.cache", shared.resolve("synth").toString());
        System.setProperty(SynthCatalog.COUNTS_PROPERTY, "8,6");
        Path config = Files.writeString(shared.resolve("tiny.yaml"), """
                model: {backboneWidth: 8, roi: {headDim: 32, batchSizePerImage: 32, scoreThreshold: 0.0}}
                solver: {iterations: 4, warmupIterations: 1, steps: [3]}
                """);
        model = shared.resolve("run");
        StringWriter err = new StringWriter();
        CommandLine train = ScdaCommand.commandLine();
        train.setErr(new PrintWriter(err, true));
        train.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(train.execute("train", "--config", config.toString(), "--source", "synth:foggy/source/train",
                "--source-val", "synth:foggy/source/val", "--target-val", "", "--out", model.toString()))
                .as(err.toString()).isZero();

        groundTruth = SynthCatalog.resolve("foggy", "target", "val");
        Path valDir = groundTruth.resolveSibling("val");
        try (var s = Files.list(valDir)) {
            valImages = s.filter(p -> ImageSource.isImageName(p.getFileName().toString())).sorted().toList();
        }
        assertThat(valImages).hasSize(6);
        folder = Files.createDirectories(shared.resolve("table-images"));
        for (Path p : valImages) {
            Files.copy(p, folder.resolve(p.getFileName()));
        }
        Files.delete(folder.resolve(valImages.get(2).getFileName()));
        Path corrupt = folder.resolve(valImages.get(5).getFileName());
        byte[] bytes = Files.readAllBytes(corrupt);
        Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        spark = SparkSession.builder().master("local[2]").appName("scda-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        DetectorPool.closeIdle();
        System.clearProperty("scda.cache");
        System.clearProperty(SynthCatalog.COUNTS_PROPERTY);
    }

    private static String scda(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ScdaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(args)).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }

    /** scda eval's result on a results file, as JSON read back. */
    private static EvaluationResult scdaEval(Path detections, Metric metric) throws Exception {
        return EvaluationResult.fromJson(JSON.readTree(scda("eval", "--gt", groundTruth.toString(), "--detections",
                detections.toString(), "--metric", metric.cliName(), "--json")));
    }

    /** A list naming every val image in the folder (the missing one too), one twice, with a comment. */
    private static Path listFile(Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("# foggy target val, two of them broken"));
        for (Path p : valImages) {
            lines.add(folder.resolve(p.getFileName()).toString());
        }
        lines.add(folder.resolve(valImages.get(0).getFileName()).toString());
        return Files.write(dir.resolve("images.txt"), lines);
    }

    @Test
    void detectsLikeScdaDetectAndEvaluatesLikeScdaEvalSkippingTheBrokenImages(@TempDir Path dir) throws Exception {
        Path detectOut = dir.resolve("detect");
        scda("detect", "--model", model.toString(), "--images", folder.toString(), "--gt", groundTruth.toString(),
                "--out", detectOut.toString());
        Path sparkOut = dir.resolve("spark");
        JobSettings settings = new JobSettings(model, ImageSource.of(listFile(dir), null), sparkOut, groundTruth,
                Metric.VOC07, Architecture.parse("faster-rcnn/small"), 4, 1);
        SparkDetection.Summary summary = SparkDetection.run(spark, settings);

        JsonNode expected = JSON.readTree(detectOut.resolve("detections.json").toFile());
        JsonNode actual = JSON.readTree(sparkOut.resolve("detections.json").toFile());
        assertThat(expected.size()).isGreaterThan(50);
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            JsonNode a = actual.get(i);
            assertThat(a.get("image_id").asLong()).as("entry %d", i).isEqualTo(e.get("image_id").asLong());
            assertThat(a.get("category_id").asInt()).as("entry %d", i).isEqualTo(e.get("category_id").asInt());
            assertThat(a.get("file_name").asText()).as("entry %d", i).isEqualTo(e.get("file_name").asText());
            assertThat(a.get("score").asDouble()).as("entry %d", i).isCloseTo(e.get("score").asDouble(), within(1e-4));
            for (int k = 0; k < 4; k++) {
                assertThat(a.get("bbox").get(k).asDouble()).as("entry %d", i)
                        .isCloseTo(e.get("bbox").get(k).asDouble(), within(1e-4));
            }
        }
        assertThat(JSON.readTree(sparkOut.resolve("images.json").toFile()))
                .isEqualTo(JSON.readTree(detectOut.resolve("images.json").toFile()));

        assertThat(summary.listed()).isEqualTo(7);
        assertThat(summary.images()).isEqualTo(4);
        assertThat(summary.detections()).isEqualTo(expected.size());
        assertThat(summary.skipped().counts()).containsEntry(ImageFiles.UNREADABLE, 2).containsEntry(SparkDetection.DUPLICATE, 1);
        String skipped = Files.readString(sparkOut.resolve("skipped.txt"));
        assertThat(skipped.lines()).hasSize(2);
        assertThat(skipped).contains(folder.resolve(valImages.get(2).getFileName()).toString())
                .contains(folder.resolve(valImages.get(5).getFileName()).toString());

        // exactly scda eval's numbers on scda detect's file (and on the job's own file)
        EvaluationResult fromDetect = scdaEval(detectOut.resolve("detections.json"), Metric.VOC07);
        assertThat(summary.evaluation()).isEqualTo(fromDetect);
        assertThat(summary.evaluation()).isEqualTo(scdaEval(sparkOut.resolve("detections.json"), Metric.VOC07));
        assertThat(EvaluationResult.fromJson(JSON.readTree(sparkOut.resolve("eval.json").toFile()))).isEqualTo(fromDetect);
        assertThat(fromDetect.mAP()).isGreaterThan(0);

        // the Parquet table holds the same detections
        List<Row> rows = spark.read().parquet(sparkOut.resolve("detections.parquet").toString())
                .orderBy("image_id", "score").collectAsList();
        assertThat(rows).hasSize(expected.size());
        assertThat(spark.read().parquet(sparkOut.resolve("detections.parquet").toString()).columns())
                .containsExactly("image_id", "image", "class", "category_id", "score", "x1", "y1", "x2", "y2");
        JsonNode first = expected.get(0);
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.getLong(0)).isEqualTo(first.get("image_id").asLong());
            assertThat(r.getDouble(4)).isCloseTo(first.get("score").asDouble(), within(1e-4));
            assertThat(r.getDouble(5)).isCloseTo(first.get("bbox").get(0).asDouble(), within(1e-4));
            assertThat(r.getDouble(7)).isCloseTo(first.get("bbox").get(0).asDouble() + first.get("bbox").get(2).asDouble(),
                    within(1e-4));
        });

        // two task slots, four partitions: the model was loaded at most once per slot
        assertThat(DetectorPool.loads()).isBetween(1, 2);
    }

    @Test
    void theCommandReadsAParquetTableAndGivesScdaEvalsCocoNumbers(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("images.parquet");
        List<String> paths = new ArrayList<>();
        for (Path p : valImages) {
            paths.add(folder.resolve(p.getFileName()).toString());
        }
        spark.createDataset(paths, Encoders.STRING()).toDF("file").write().parquet(table.toString());
        Path out = dir.resolve("out");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cl = SparkDetectCommand.commandLine();
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        int code = cl.execute("--model", model.toString(), "--images", table.toString(), "--column", "file",
                "--gt", groundTruth.toString(), "--metric", "coco", "--out", out.toString(), "--master", "local[2]");
        assertThat(code).as(stderr.toString()).isZero();
        assertThat(stdout.toString()).contains("on 4 images").contains("images/s").contains("COCO");
        assertThat(stderr.toString()).contains("skipped 2 of 6 listed images").contains("2 x unreadable image skipped");

        Path detectOut = dir.resolve("detect");
        scda("detect", "--model", model.toString(), "--images", folder.toString(), "--gt", groundTruth.toString(),
                "--out", detectOut.toString());
        assertThat(EvaluationResult.fromJson(JSON.readTree(out.resolve("eval.json").toFile())))
                .isEqualTo(scdaEval(detectOut.resolve("detections.json"), Metric.COCO));
        assertThat(DetectorPool.loads()).isBetween(1, 2);
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsOneLineBeforeAnyTask(@TempDir Path dir) {
        StringWriter stderr = new StringWriter();
        CommandLine cl = SparkDetectCommand.commandLine();
        cl.setErr(new PrintWriter(stderr, true));
        Path out = dir.resolve("out");
        int code = cl.execute("--model", model.toString(), "--images", folder.toString(), "--out", out.toString(),
                "--arch", "faster-rcnn/vgg16");
        assertThat(code).isEqualTo(SparkDetectCommand.EXIT_FAILED);
        assertThat(stderr.toString().lines()).singleElement().asString()
                .contains("model_best.ckpt is a faster-rcnn/small checkpoint, --arch asked for faster-rcnn/vgg16");
        assertThat(out).doesNotExist();

        StringWriter help = new StringWriter();
        CommandLine h = SparkDetectCommand.commandLine();
        h.setOut(new PrintWriter(help, true));
        assertThat(h.execute("--help")).isZero();
        assertThat(help.toString()).contains("Usage: scda-spark").contains("--images").contains("spark-submit");
    }
}
