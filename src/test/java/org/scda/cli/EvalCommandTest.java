package org.scda.cli;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {
    @TempDir
    Path dir;
    Path gt;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /*
     * Two images; image 1: a car (10,10)-(50,40) and a crowd car region, image 2: a person
     * (0,0)-(20,60). Category ids 3 (car) and 7 (person), not 1..n, as in files from elsewhere.
     */
    @BeforeEach
    void writeGroundTruth() throws Exception {
        gt = dir.resolve("gt.json");
        Files.writeString(gt, """
                {"images": [{"id": 1, "file_name": "a.png", "width": 100, "height": 80},
                            {"id": 2, "file_name": "b.png", "width": 100, "height": 80}],
                 "categories": [{"id": 7, "name": "person"}, {"id": 3, "name": "car"}],
                 "annotations": [
                   {"id": 1, "image_id": 1, "category_id": 3, "bbox": [10, 10, 40, 30], "area": 1200, "iscrowd": 0},
                   {"id": 2, "image_id": 1, "category_id": 3, "bbox": [60, 0, 40, 40], "area": 1600, "iscrowd": 1},
                   {"id": 3, "image_id": 2, "category_id": 7, "bbox": [0, 0, 20, 60], "area": 1200, "iscrowd": 0}]}
                """);
    }

    private Path dets(String json) throws Exception {
        Path file = dir.resolve("dets.json");
        Files.writeString(file, json);
        return file;
    }

    private int run(String... args) {
        CommandLine cl = ScdaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /*
     * The car is found exactly (TP) and a second detection covers most of the crowd region (VOC
     * IoU 1296/1600 = .81 > .5, COCO crowd IoU 1296/1296 = 1: ignored by every metric);
     * the person is missed. car AP 1, person AP 0, mAP 0.5 for every metric.
     */
    @Test
    void jsonOutputHasTheContractKeys() throws Exception {
        Path dets = dets("""
                [{"image_id": 1, "category_id": 3, "bbox": [10, 10, 40, 30], "score": 0.9},
                 {"image_id": 1, "category_id": 3, "bbox": [62, 2, 36, 36], "score": 0.95},
                 {"image_id": 2, "category_id": 3, "bbox": [50, 50, 10, 10], "score": 0.1}]
                """);
        for (String metric : List.of("voc07", "voc", "coco")) {
            out.getBuffer().setLength(0);
            int code = run("eval", "--gt", gt.toString(), "--detections", dets.toString(), "--metric", metric, "--json");
            assertThat(code).as(err.toString()).isZero();
            JsonNode node = new ObjectMapper().readTree(out.toString());
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            assertThat(keys.subList(0, 3)).containsExactly("metric", "mAP", "per_class");
            assertThat(node.get("metric").asText()).isEqualTo(metric);
            List<String> classes = new ArrayList<>();
            node.get("per_class").fieldNames().forEachRemaining(classes::add);
            // classes in category-id order: car (3) before person (7)
            assertThat(classes).containsExactly("car", "person");
            // car: TP .9; FP .1 in image 2 comes after it -> AP 1 at every metric
            assertThat(node.get("per_class").get("car").asDouble()).isCloseTo(1.0, within(1e-9));
            assertThat(node.get("per_class").get("person").asDouble()).isEqualTo(0.0);
            assertThat(node.get("mAP").asDouble()).isCloseTo(0.5, within(1e-9));
            assertThat(out.toString().trim()).doesNotContain("\n");
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void tableStatesTheMetric() throws Exception {
        Path dets = dets("[{\"image_id\": 2, \"category_id\": 7, \"bbox\": [0, 0, 20, 60], \"score\": 0.5}]");
        assertThat(run("eval", "--gt", gt.toString(), "--detections", dets.toString(), "--metric", "voc07")).isZero();
        assertThat(out.toString()).contains("VOC07 11-point AP@0.5").containsPattern("person\\s+100\\.00")
                .containsPattern("car\\s+0\\.00").containsPattern("mAP\\s+50\\.00");
    }

    @Test
    void detectionsOnUnknownImagesAreReported() throws Exception {
        Path dets = dets("""
                [{"image_id": 2, "category_id": 7, "bbox": [0, 0, 20, 60], "score": 0.5},
                 {"image_id": 42, "category_id": 7, "bbox": [0, 0, 20, 60], "score": 0.9},
                 {"image_id": 43, "category_id": 3, "bbox": [0, 0, 20, 60], "score": 0.9}]
                """);
        assertThat(run("eval", "--gt", gt.toString(), "--detections", dets.toString(), "--metric", "voc", "--json")).isZero();
        assertThat(err.toString()).contains("2 of 3 detections").contains("42, 43").contains("not evaluated");
        assertThat(new ObjectMapper().readTree(out.toString()).get("per_class").get("person").asDouble()).isEqualTo(1.0);
    }

    @Test
    void detectionsNumberedForAnotherImageListAreReportedInOneLine() throws Exception {
        // the right boxes, but numbered in file-name order of another list: b.png got id 1, a.png id 2
        Path dets = dets("""
                [{"image_id": 2, "category_id": 3, "bbox": [10, 10, 40, 30], "score": 0.9, "file_name": "a.png"},
                 {"image_id": 1, "category_id": 7, "bbox": [0, 0, 20, 60], "score": 0.8, "file_name": "b.png"}]
                """);
        assertThat(run("eval", "--gt", gt.toString(), "--detections", dets.toString(), "--metric", "voc07")).isZero();
        assertThat(err.toString().trim().lines()).singleElement().asString()
                .startsWith("scda eval: 2 of 2 detections in " + dets + " were made on other images than their ids have in "
                        + gt)
                .contains("image id 2 is a.png in the detections but b.png in the ground truth")
                .contains("scda detect --gt");

        // with ids that agree with the names there is nothing to say
        err.getBuffer().setLength(0);
        Path right = dets("""
                [{"image_id": 1, "category_id": 3, "bbox": [10, 10, 40, 30], "score": 0.9, "file_name": "a.png"}]
                """);
        assertThat(run("eval", "--gt", gt.toString(), "--detections", right.toString(), "--metric", "voc07")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void missingOrUnknownMetricIsUsageError() throws Exception {
        Path dets = dets("[]");
        assertThat(run("eval", "--gt", gt.toString(), "--detections", dets.toString())).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--metric");
        err.getBuffer().setLength(0);
        assertThat(run("eval", "--gt", gt.toString(), "--detections", dets.toString(), "--metric", "map"))
                .isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("voc07, voc, coco");
        assertThat(run("eval", "--detections", dets.toString(), "--metric", "voc")).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingFileFailsWithItsName() throws Exception {
        Path missing = dir.resolve("no-such-dets.json");
        assertThat(run("eval", "--gt", gt.toString(), "--detections", missing.toString(), "--metric", "voc07"))
                .isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("no-such-dets.json").doesNotContain("at org.");
        assertThat(err.toString().trim().lines().count()).isEqualTo(1);

        err.getBuffer().setLength(0);
        Path dets = dets("[]");
        assertThat(run("eval", "--gt", dir.resolve("no-gt.json").toString(), "--detections", dets.toString(), "--metric", "coco"))
                .isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("no-gt.json");
    }

    @Test
    void unknownCategoryNamesTheFileAndEntry() throws Exception {
        Path dets = dets("""
                [{"image_id": 2, "category_id": 7, "bbox": [0, 0, 20, 60], "score": 0.5},
                 {"image_id": 2, "category_id": 1, "bbox": [0, 0, 20, 60], "score": 0.5}]
                """);
        assertThat(run("eval", "--gt", gt.toString(), "--detections", dets.toString(), "--metric", "voc"))
                .isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("dets.json").contains("entry 1").contains("category_id 1");
    }

    /*
     * Mask AP from a results file: ground truth with polygons, the car a rectangle, the person
     * the triangle (0,0),(20,0),(0,40) inside its box (0,0)-(20,60). Both detections have the
     * exact boxes (box AP 1 for both), the car the exact mask, the person its whole box as mask:
     * mask IoU about 400/1200 < 0.5, a miss. So box mAP 1, mask mAP 0.5.
     */
    @Test
    void resultsWithRleSegmentationGetMaskApNextToBoxAp() throws Exception {
        Path polygons = dir.resolve("gt-masks.json");
        Files.writeString(polygons, """
                {"images": [{"id": 1, "file_name": "a.png", "width": 100, "height": 80},
                            {"id": 2, "file_name": "b.png", "width": 100, "height": 80}],
                 "categories": [{"id": 7, "name": "person"}, {"id": 3, "name": "car"}],
                 "annotations": [
                   {"id": 1, "image_id": 1, "category_id": 3, "bbox": [10, 10, 40, 30], "area": 1200, "iscrowd": 0,
                    "segmentation": [[10, 10, 50, 10, 50, 40, 10, 40]]},
                   {"id": 3, "image_id": 2, "category_id": 7, "bbox": [0, 0, 20, 60], "area": 400, "iscrowd": 0,
                    "segmentation": [[0, 0, 20, 0, 0, 40]]}]}
                """);
        String car = org.scda.data.mask.Rle.rectangle(80, 100, 10, 10, 50, 40).toCompressedString();
        String personBox = org.scda.data.mask.Rle.rectangle(80, 100, 0, 0, 20, 60).toCompressedString();
        Path d = dets(String.format("""
                [{"image_id": 1, "category_id": 3, "bbox": [10, 10, 40, 30], "score": 0.9,
                  "segmentation": {"size": [80, 100], "counts": "%s"}},
                 {"image_id": 2, "category_id": 7, "bbox": [0, 0, 20, 60], "score": 0.8,
                  "segmentation": {"size": [80, 100], "counts": "%s"}}]
                """, car, personBox.replace("\\", "\\\\")));
        assertThat(run("eval", "--gt", polygons.toString(), "--detections", d.toString(), "--metric", "voc07", "--json"))
                .as(err.toString()).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertThat(result.get("mAP").asDouble()).isEqualTo(1.0);
        assertThat(result.get("mask").get("mAP").asDouble()).isEqualTo(0.5);
        assertThat(result.get("mask").get("per_class").get("car").asDouble()).isEqualTo(1.0);
        assertThat(result.get("mask").get("per_class").get("person").asDouble()).isEqualTo(0.0);

        // box-only ground truth: box AP, and why there is no mask AP
        out.getBuffer().setLength(0);
        assertThat(run("eval", "--gt", gt.toString(), "--detections", d.toString(), "--metric", "voc07", "--json"))
                .as(err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).has("mask")).isFalse();
        assertThat(err.toString()).contains("no instance polygons");

        // a segmentation on some entries only is an error naming the entry
        Path partial = dets("""
                [{"image_id": 1, "category_id": 3, "bbox": [10, 10, 40, 30], "score": 0.9,
                  "segmentation": {"size": [80, 100], "counts": [810, 30, 7160]}},
                 {"image_id": 2, "category_id": 7, "bbox": [0, 0, 20, 60], "score": 0.8}]
                """);
        assertThat(run("eval", "--gt", polygons.toString(), "--detections", partial.toString(), "--metric", "voc07"))
                .isNotZero();
        assertThat(err.toString()).contains("entry 1").contains("segmentation");
    }
}
