package org.scda.data.coco;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.BoundingBox;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.data.SkipReport;

class CocoWriterTest {

    @TempDir
    Path dir;

    private DetectionDataset sample(Path imagesDir, boolean labelled) {
        // coordinates are multiples of 1/4 so that x + (x2 - x) == x2 exactly in doubles
        DetectionSample a = new DetectionSample(5, imagesDir.resolve("a.png"), 64, 32, labelled ? List.of(
                new ObjectAnnotation(new BoundingBox(1.25, 2, 10.5, 20), 0, false,
                        List.of(new Polygon(new double[] {1.25, 2, 10.5, 2, 10.5, 20}))),
                new ObjectAnnotation(new BoundingBox(30, 0, 64, 32), 2, true)) : List.of());
        DetectionSample b = new DetectionSample(9, imagesDir.resolve("nested/b.png"), 20, 10, labelled ? List.of(
                new ObjectAnnotation(new BoundingBox(0, 0, 5, 5), 1, false)) : List.of());
        DetectionSample empty = DetectionSample.unlabelled(11, imagesDir.resolve("c.png"), 8, 8);
        return new DetectionDataset("test", List.of("car", "person", "bus"), List.of(a, b, empty), labelled,
                SkipReport.empty());
    }

    @Test
    void writeThenReadGivesTheSameDataset() {
        Path images = dir.resolve("train");
        DetectionDataset ds = sample(images, true);
        Path json = dir.resolve("train.json");
        CocoWriter.write(ds, json, images);
        DetectionDataset back = CocoReader.read(json, images);
        assertThat(back.classNames()).isEqualTo(ds.classNames());
        assertThat(back.samples()).isEqualTo(ds.samples());
        assertThat(back.labelled()).isTrue();
        assertThat(back.skipped().isEmpty()).isTrue();
    }

    @Test
    void unlabelledDatasetHasNoAnnotationsKeyAndReadsBackUnlabelled() throws IOException {
        Path images = Files.createDirectories(dir.resolve("target"));
        DetectionDataset ds = sample(images, false);
        Path json = dir.resolve("target.json");
        CocoWriter.write(ds, json, images);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.has("annotations")).isFalse();
        DetectionDataset back = CocoReader.read(json, null);
        assertThat(back.labelled()).isFalse();
        assertThat(back.samples()).isEqualTo(ds.samples());
    }

    @Test
    void writesCocoConventions() throws IOException {
        Path images = dir.resolve("imgs");
        Path json = dir.resolve("out/ann.json");
        CocoWriter.write(sample(images, true), json, dir.resolve("out"));
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.at("/images/1/file_name").asText()).isEqualTo("../imgs/nested/b.png");
        assertThat(root.at("/categories/0/id").asInt()).isEqualTo(1);
        assertThat(root.at("/categories/2/name").asText()).isEqualTo("bus");
        JsonNode crowd = root.at("/annotations/1");
        assertThat(crowd.get("category_id").asInt()).isEqualTo(3);
        assertThat(crowd.get("iscrowd").asInt()).isEqualTo(1);
        assertThat(crowd.get("bbox").toString()).isEqualTo("[30.0,0.0,34.0,32.0]");
        assertThat(crowd.get("area").asDouble()).isEqualTo(34.0 * 32.0);
        JsonNode masked = root.at("/annotations/0");
        assertThat(masked.get("area").asDouble()).isEqualTo(0.5 * 9.25 * 18);
        assertThat(masked.at("/segmentation/0").size()).isEqualTo(6);
        assertThat(root.at("/annotations/2/image_id").asLong()).isEqualTo(9);
    }
}
