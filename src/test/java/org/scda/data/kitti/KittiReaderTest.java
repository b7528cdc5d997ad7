package org.scda.data.kitti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.BoundingBox;
import org.scda.data.DataFormatException;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.TestImages;
import org.scda.util.ScdaException;

class KittiReaderTest {

    @TempDir
    Path tmp;

    @Test
    void carOnlyByDefaultWithDontCareAsIgnoreAndSizeFromPng() {
        Path dir = TestImages.fixture("kitti");
        DetectionDataset ds = KittiReader.read(dir, false);
        assertThat(ds.classNames()).containsExactly("car");
        DetectionSample s = ds.samples().get(0);
        assertThat(s.image()).isEqualTo(dir.resolve("image_2/000000.png"));
        assertThat(s.width()).isEqualTo(100);
        assertThat(s.height()).isEqualTo(40);
        assertThat(s.objects()).containsExactly(
                new ObjectAnnotation(new BoundingBox(10.5, 5, 30.25, 20), 0, false),
                new ObjectAnnotation(new BoundingBox(80, 0, 99, 10), 0, true),
                new ObjectAnnotation(new BoundingBox(90, 30, 100, 40), 0, false));
        assertThat(ds.skipped().counts())
                .containsEntry(KittiReader.UNMAPPED, 3)
                .containsEntry(KittiReader.CLIPPED, 1)
                .containsEntry(KittiReader.ZERO_AREA, 1);
        assertThat(ds.skipped().examples().get(KittiReader.ZERO_AREA).get(0)).isEqualTo("000001.txt:1 (Car)");
    }

    @Test
    void vanOptionAddsVansAsCars() {
        DetectionDataset ds = KittiReader.read(TestImages.fixture("kitti"), true);
        assertThat(ds.classNames()).containsExactly("car");
        assertThat(ds.samples().get(0).countedObjects()).extracting(ObjectAnnotation::box)
                .contains(new BoundingBox(40, 10, 60, 30));
        assertThat(ds.samples().get(0).countedObjects()).hasSize(3);
    }

    @Test
    void customMappingGivesOneDontCarePerClass() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("Pedestrian", "person");
        map.put("Car", "car");
        DetectionDataset ds = KittiReader.read(TestImages.fixture("kitti"), map);
        assertThat(ds.classNames()).containsExactly("person", "car");
        assertThat(ds.samples().get(0).objects()).filteredOn(ObjectAnnotation::ignore)
                .extracting(ObjectAnnotation::classId).containsExactly(0, 1);
        assertThatThrownBy(() -> KittiReader.read(TestImages.fixture("kitti"), Map.of("car", "car")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a KITTI type");
    }

    private Path damaged(String labelText) throws IOException {
        Path dir = TestImages.copyFixture("kitti", tmp.resolve("kitti"));
        Files.writeString(dir.resolve("label_2/000001.txt"), labelText);
        return dir;
    }

    @Test
    void shortLineNamesFileAndLine() throws IOException {
        Path dir = damaged("Car 0.00 0 -1.57 5.00 5.00 25.00 20.00 1.50 1.60 3.90 -3.0 1.7 20.0 -1.60\nCar 0.00 0 -1.57 5.00\n");
        assertThatThrownBy(() -> KittiReader.read(dir, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("000001.txt:2:")
                .hasMessageContaining("got 5");
    }

    @Test
    void nonNumericFieldNamesFileLineAndField() throws IOException {
        Path dir = damaged("Car 0.00 0 -1.57 5.00 five 25.00 20.00 1.50 1.60 3.90 -3.0 1.7 20.0 -1.60\n");
        assertThatThrownBy(() -> KittiReader.read(dir, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("000001.txt:1:")
                .hasMessageContaining("top");
    }

    @Test
    void unknownTypeIsCountedNotFatal() throws IOException {
        Path dir = damaged("Spaceship 0.00 0 -1.57 5.00 5.00 25.00 20.00 1.50 1.60 3.90 -3.0 1.7 20.0 -1.60\n");
        DetectionDataset ds = KittiReader.read(dir, false);
        assertThat(ds.skipped().counts()).containsEntry(KittiReader.UNKNOWN_TYPE, 1);
        assertThat(ds.size()).isEqualTo(2);
    }

    @Test
    void corruptOrMissingImageSkipsTheSampleCounted() throws IOException {
        Path dir = TestImages.copyFixture("kitti", tmp.resolve("kitti"));
        Files.write(dir.resolve("image_2/000000.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});
        Files.delete(dir.resolve("image_2/000001.png"));
        DetectionDataset ds = KittiReader.read(dir, false);
        assertThat(ds.size()).isZero();
        assertThat(ds.skipped().counts())
                .containsEntry(KittiReader.UNREADABLE, 1)
                .containsEntry(KittiReader.NO_IMAGE, 1);
        assertThat(ds.skipped().examples().get(KittiReader.UNREADABLE).get(0)).contains("000000.png");
    }

    @Test
    void missingLabelFolderIsAClearErrorAndTrainingSubfolderIsFound() throws IOException {
        assertThatThrownBy(() -> KittiReader.read(tmp.resolve("none"), false))
                .isInstanceOf(ScdaException.class).hasMessageContaining("label_2");
        TestImages.copyFixture("kitti", tmp.resolve("k/training"));
        assertThat(KittiReader.read(tmp.resolve("k"), false).size()).isEqualTo(2);
    }
}
