package org.scda.data.cityscapes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.BoundingBox;
import org.scda.data.DataFormatException;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.data.TestImages;
import org.scda.util.ScdaException;

class CityscapesReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsDetectionClassesBoxesFromPolygonExtentAndGroupsAsIgnore() {
        Path dir = TestImages.fixture("cityscapes");
        DetectionDataset ds = CityscapesReader.read(dir, "val");
        assertThat(ds.classNames()).containsExactly("person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle");
        assertThat(ds.samples()).extracting(s -> s.image().getFileName().toString())
                .containsExactly("aachen_000000_000019_leftImg8bit.png", "bremen_000001_000019_leftImg8bit.png");
        DetectionSample aachen = ds.samples().get(0);
        assertThat(aachen.image()).isEqualTo(dir.resolve("leftImg8bit/val/aachen/aachen_000000_000019_leftImg8bit.png"));
        assertThat(aachen.width()).isEqualTo(64);
        assertThat(aachen.height()).isEqualTo(32);
        List<ObjectAnnotation> objects = aachen.objects();
        assertThat(objects).extracting(ObjectAnnotation::box).containsExactly(
                new BoundingBox(10, 12, 30, 24),
                new BoundingBox(40, 10, 60, 20),
                new BoundingBox(50, 25, 64, 32));
        assertThat(objects).extracting(ObjectAnnotation::classId).containsExactly(2, 2, 7);
        assertThat(objects).extracting(ObjectAnnotation::ignore).containsExactly(false, true, false);
        assertThat(objects.get(0).polygons()).containsExactly(new Polygon(new double[] {10, 12, 30, 12, 30, 24, 10, 24}));
        assertThat(ds.samples().get(1).objects()).containsExactly(new ObjectAnnotation(new BoundingBox(1.5, 2, 4, 12), 0,
                false, List.of(new Polygon(new double[] {1.5, 2, 4, 2, 4, 12}))));
    }

    @Test
    void countsEverySkip() {
        DetectionDataset ds = CityscapesReader.read(TestImages.fixture("cityscapes"), "val");
        assertThat(ds.skipped().counts())
                .containsEntry(CityscapesReader.NOT_DETECTION, 1)
                .containsEntry(CityscapesReader.DELETED, 1)
                .containsEntry(CityscapesReader.BAD_POLYGON, 1)
                .containsEntry(CityscapesReader.CLIPPED, 1)
                .containsEntry(CityscapesReader.ZERO_AREA, 1);
        assertThat(ds.skipped().examples().get(CityscapesReader.NOT_DETECTION).get(0)).contains("road");
    }

    @Test
    void foggyUsesTheBetaImagesAndCountsMissingOnes() {
        Path dir = TestImages.fixture("cityscapes");
        DetectionDataset ds = CityscapesReader.readFoggy(dir, "val", "0.02");
        assertThat(ds.samples()).extracting(DetectionSample::image).containsExactly(
                dir.resolve("leftImg8bit_foggy/val/aachen/aachen_000000_000019_leftImg8bit_foggy_beta_0.02.png"));
        assertThat(ds.samples().get(0).objects()).hasSize(3);
        assertThat(ds.skipped().counts()).containsEntry(CityscapesReader.NO_IMAGE, 1);
        assertThat(CityscapesReader.readFoggy(dir, "val", "0.01").samples()).isEmpty();
        assertThatThrownBy(() -> CityscapesReader.readFoggy(dir, "val", "0.03"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.005, 0.01, 0.02");
    }

    @Test
    void malformedJsonNamesFileAndLine() throws IOException {
        Path dir = TestImages.copyFixture("cityscapes", tmp.resolve("cs"));
        Files.writeString(dir.resolve("gtFine/val/bremen/bremen_000001_000019_gtFine_polygons.json"),
                "{\"imgHeight\": 32,\n\"imgWidth\": 64,\n\"objects\": [{\"label\": \"car\" \"polygon\": []}]}");
        assertThatThrownBy(() -> CityscapesReader.read(dir, "val"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bremen_000001_000019_gtFine_polygons.json:3:");
    }

    @Test
    void aSizeThatIsNotTheImageFilesIsAnErrorNamingTheAnnotation() throws IOException {
        Path dir = TestImages.copyFixture("cityscapes", tmp.resolve("cs"));
        Path json = dir.resolve("gtFine/val/bremen/bremen_000001_000019_gtFine_polygons.json");
        Files.writeString(json, "{\"imgHeight\": 1024, \"imgWidth\": 2048, \"objects\": []}");
        assertThatThrownBy(() -> CityscapesReader.read(dir, "val"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(json.toString())
                .hasMessageContaining("declares 2048x1024")
                .hasMessageContaining("is 64x32");
    }

    @Test
    void badPolygonPointNamesTheObject() throws IOException {
        Path dir = TestImages.copyFixture("cityscapes", tmp.resolve("cs"));
        Files.writeString(dir.resolve("gtFine/val/bremen/bremen_000001_000019_gtFine_polygons.json"),
                "{\"imgHeight\": 32, \"imgWidth\": 64, \"objects\": [{\"label\": \"car\", \"polygon\": [[1, 2], [3]]}]}");
        assertThatThrownBy(() -> CityscapesReader.read(dir, "val"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("object 1")
                .hasMessageContaining("point 2");
    }

    @Test
    void missingSplitIsAClearError() {
        assertThatThrownBy(() -> CityscapesReader.read(TestImages.fixture("cityscapes"), "train"))
                .isInstanceOf(ScdaException.class)
                .hasMessageContaining("gtFine")
                .hasMessageContaining("train");
    }
}
