package org.scda.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.coco.CocoWriter;
import org.scda.util.ScdaException;

class DatasetsTest {

    @TempDir
    Path dir;

    private Path writeCoco() {
        Path images = dir.resolve("imgs");
        DetectionSample s = new DetectionSample(1, images.resolve("a.png"), 50, 50, List.of(
                new ObjectAnnotation(new BoundingBox(0, 0, 10, 10), 0, false),
                new ObjectAnnotation(new BoundingBox(5, 5, 15, 15), 1, false),
                new ObjectAnnotation(new BoundingBox(20, 20, 30, 30), 2, false)));
        DetectionDataset ds = new DetectionDataset("x", List.of("Car", "Van", "Person"), List.of(s), true, SkipReport.empty());
        Path json = dir.resolve("ann.json");
        CocoWriter.write(ds, json, images);
        return json;
    }

    @Test
    void loadsCocoWithImagesOptionAndNamesTheDatasetBySpec() {
        Path json = writeCoco();
        String spec = "coco:" + json + "?images=" + dir.resolve("imgs");
        DetectionDataset ds = Datasets.load(spec);
        assertThat(ds.name()).isEqualTo(spec);
        assertThat(ds.samples().get(0).image()).isEqualTo(dir.resolve("imgs/a.png"));
        assertThat(ds.classNames()).containsExactly("Car", "Van", "Person");
    }

    @Test
    void appliesMapThenClasses() {
        Path json = writeCoco();
        DetectionDataset mapped = Datasets.load("coco:" + json + "?map=Van:car,Car:car,Person:person&classes=car");
        assertThat(mapped.classNames()).containsExactly("car");
        assertThat(mapped.samples().get(0).objects()).hasSize(2).allMatch(o -> o.classId() == 0);
        assertThat(mapped.skipped().counts()).containsEntry("object of class 'person' dropped by ?classes=", 1);
    }

    @Test
    void unknownOptionIsABadSpec() {
        assertThatThrownBy(() -> Datasets.load("coco:x.json?split=train"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'split'")
                .hasMessageContaining("images");
        assertThatThrownBy(() -> Datasets.check(DatasetSpec.parse("kitti:k?van=yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> Datasets.check(DatasetSpec.parse("coco:x.json?map=Car")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void synthPathMustHaveThreeParts() {
        assertThatThrownBy(() -> Datasets.load("synth:foggy/target"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SCENARIO/DOMAIN/SPLIT");
    }

    @Test
    void missingCocoFileIsAFailedRunNotABadSpec() {
        assertThatThrownBy(() -> Datasets.load("coco:" + dir.resolve("missing.json")))
                .isInstanceOf(ScdaException.class)
                .hasMessageContaining("missing.json");
        assertThat(Files.exists(dir.resolve("missing.json"))).isFalse();
    }

    @Test
    void dispatchesEveryReaderFormat() {
        DetectionDataset voc = Datasets.load("voc:" + TestImages.fixture("voc") + "?split=trainval&classes=person,car");
        assertThat(voc.classNames()).containsExactly("person", "car");
        assertThat(voc.skipped().counts()).containsEntry("object of class 'dog' dropped by ?classes=", 1);

        DetectionDataset cs = Datasets.load("cityscapes:" + TestImages.fixture("cityscapes") + "?split=val");
        assertThat(cs.size()).isEqualTo(2);
        assertThat(cs.numClasses()).isEqualTo(8);
        DetectionDataset foggy = Datasets.load("foggy-cityscapes:" + TestImages.fixture("cityscapes") + "?split=val");
        assertThat(foggy.samples().get(0).image().getFileName().toString()).endsWith("_foggy_beta_0.02.png");

        DetectionDataset kitti = Datasets.load("kitti:" + TestImages.fixture("kitti") + "?van=true");
        assertThat(kitti.samples().get(0).countedObjects()).hasSize(3);
        DetectionDataset kittiMapped = Datasets.load("kitti:" + TestImages.fixture("kitti") + "?map=Van:car,Car:car");
        assertThat(kittiMapped.samples()).isEqualTo(kitti.samples());

        DetectionDataset images = Datasets.load("images:" + TestImages.fixture("images"));
        assertThat(images.labelled()).isFalse();
        assertThat(images.size()).isEqualTo(2);
    }

    @Test
    void formatSpecificOptionsAreChecked() {
        assertThatThrownBy(() -> Datasets.check(DatasetSpec.parse("foggy-cityscapes:d?beta=0.03")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.005, 0.01 or 0.02");
        assertThatThrownBy(() -> Datasets.check(DatasetSpec.parse("kitti:d?map=car:car")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a KITTI type");
        assertThatThrownBy(() -> Datasets.check(DatasetSpec.parse("kitti:d?map=Car:car&van=true")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> Datasets.check(DatasetSpec.parse("images:d?split=x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option 'split'");
    }
}
