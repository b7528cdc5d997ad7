package org.scda.data.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.BoundingBox;
import org.scda.data.DataFormatException;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.util.ScdaException;

class CocoReaderTest {

    @TempDir
    Path dir;

    private Path json(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text.replace('\'', '"'));
        return p;
    }

    private static final String IMAGES = "'images': [{'id': 7, 'file_name': 'a.png', 'width': 100, 'height': 50},"
            + " {'id': 3, 'file_name': 'sub/b.png', 'width': 40, 'height': 40}]";
    // category ids out of order and with a gap: class ids follow category id order
    private static final String CATEGORIES = "'categories': [{'id': 9, 'name': 'person'}, {'id': 2, 'name': 'car'}]";

    @Test
    void readsBoxesClassesCrowdAndPolygons() throws IOException {
        Path f = json("train.json", "{" + IMAGES + ", " + CATEGORIES + ", 'annotations': ["
                + "{'id': 1, 'image_id': 7, 'category_id': 9, 'bbox': [10, 5, 20, 30], 'iscrowd': 0,"
                + "  'segmentation': [[10, 5, 30, 5, 30, 35]]},"
                + "{'id': 2, 'image_id': 7, 'category_id': 2, 'bbox': [0, 0, 4, 4], 'iscrowd': 1,"
                + "  'segmentation': {'counts': [1, 2], 'size': [50, 100]}},"
                + "{'id': 3, 'image_id': 3, 'category_id': 2, 'bbox': [1.5, 2.5, 3, 4]}]}");
        DetectionDataset ds = CocoReader.read(f, null);

        assertThat(ds.classNames()).containsExactly("car", "person");
        assertThat(ds.labelled()).isTrue();
        assertThat(ds.samples()).extracting(DetectionSample::id).containsExactly(7L, 3L);
        DetectionSample a = ds.samples().get(0);
        assertThat(a.image()).isEqualTo(dir.resolve("a.png"));
        assertThat(a.width()).isEqualTo(100);
        assertThat(a.height()).isEqualTo(50);
        assertThat(a.objects()).hasSize(2);
        ObjectAnnotation person = a.objects().get(0);
        assertThat(person.box()).isEqualTo(new BoundingBox(10, 5, 30, 35));
        assertThat(person.classId()).isEqualTo(1);
        assertThat(person.ignore()).isFalse();
        assertThat(person.polygons()).containsExactly(new Polygon(new double[] {10, 5, 30, 5, 30, 35}));
        ObjectAnnotation crowd = a.objects().get(1);
        assertThat(crowd.classId()).isZero();
        assertThat(crowd.ignore()).isTrue();
        assertThat(crowd.polygons()).isEmpty();
        assertThat(ds.skipped().counts()).containsEntry(CocoReader.RLE, 1);
        DetectionSample b = ds.samples().get(1);
        assertThat(b.image()).isEqualTo(dir.resolve("sub/b.png"));
        assertThat(b.objects().get(0).box()).isEqualTo(new BoundingBox(1.5, 2.5, 4.5, 6.5));
    }

    @Test
    void aDeclaredSizeThatIsNotTheImageFilesIsAnErrorNamingTheEntry() throws IOException {
        // a 256x128 image declared 2e9 x 2e9: a box at (1000, 1000) would count as a positive nobody can find
        org.scda.data.TestImages.write(dir.resolve("a.png"), 256, 128);
        Path f = json("big.json", "{'images': [{'id': 7, 'file_name': 'a.png', 'width': 2000000000, 'height': 2000000000}], "
                + CATEGORIES + ", 'annotations': [{'id': 1, 'image_id': 7, 'category_id': 2, 'bbox': [1000, 1000, 20, 20]}]}");
        assertThatThrownBy(() -> CocoReader.read(f, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(f.toString())
                .hasMessageContaining("image 7 (a.png) declares 2000000000x2000000000")
                .hasMessageContaining("is 256x128");
        // the same entry with the file's size reads; a listed image without a file is not opened
        Path ok = json("ok.json", "{'images': [{'id': 7, 'file_name': 'a.png', 'width': 256, 'height': 128},"
                + " {'id': 8, 'file_name': 'absent.png', 'width': 9, 'height': 9}], " + CATEGORIES + "}");
        assertThat(CocoReader.read(ok, null).samples()).extracting(DetectionSample::width).containsExactly(256, 9);
    }

    @Test
    void imagesFolderNamedLikeTheJsonIsPreferredThenTheJsonsFolder() throws IOException {
        String body = "{" + IMAGES + ", " + CATEGORIES + "}";
        Path f = json("val.json", body);
        assertThat(CocoReader.read(f, null).samples().get(0).image()).isEqualTo(dir.resolve("a.png"));
        Files.createDirectories(dir.resolve("val"));
        assertThat(CocoReader.read(f, null).samples().get(0).image()).isEqualTo(dir.resolve("val/a.png"));
        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        assertThat(CocoReader.read(f, other).samples().get(0).image()).isEqualTo(other.resolve("a.png"));
    }

    @Test
    void withoutAnnotationsKeyIsUnlabelled() throws IOException {
        DetectionDataset ds = CocoReader.read(json("t.json", "{" + IMAGES + ", " + CATEGORIES + "}"), null);
        assertThat(ds.labelled()).isFalse();
        assertThat(ds.size()).isEqualTo(2);
        assertThat(ds.samples()).allMatch(s -> s.objects().isEmpty());
        DetectionDataset empty = CocoReader.read(json("e.json", "{" + IMAGES + ", " + CATEGORIES + ", 'annotations': []}"), null);
        assertThat(empty.labelled()).isTrue();
    }

    @Test
    void clipsBoxesOutsideTheImageAndDropsZeroAreaOnesCounting() throws IOException {
        Path f = json("c.json", "{" + IMAGES + ", " + CATEGORIES + ", 'annotations': ["
                + "{'id': 1, 'image_id': 7, 'category_id': 2, 'bbox': [-5, 40, 20, 20]},"
                + "{'id': 2, 'image_id': 7, 'category_id': 2, 'bbox': [10, 10, 0, 5]},"
                + "{'id': 3, 'image_id': 7, 'category_id': 2, 'bbox': [200, 10, 5, 5]},"
                + "{'id': 4, 'image_id': 7, 'category_id': 2, 'bbox': [10, 10, -3, 5]}]}");
        DetectionDataset ds = CocoReader.read(f, null);
        assertThat(ds.samples().get(0).objects()).extracting(ObjectAnnotation::box)
                .containsExactly(new BoundingBox(0, 40, 15, 50));
        assertThat(ds.skipped().counts())
                .containsEntry(CocoReader.CLIPPED, 2)
                .containsEntry(CocoReader.ZERO_AREA, 3);
        assertThat(ds.skipped().examples().get(CocoReader.ZERO_AREA).get(0)).contains("annotation 2");
    }

    @Test
    void unknownCategoryNamesFileAndAnnotation() throws IOException {
        Path f = json("u.json", "{" + IMAGES + ", " + CATEGORIES + ", 'annotations': ["
                + "{'id': 41, 'image_id': 7, 'category_id': 5, 'bbox': [1, 1, 2, 2]}]}");
        assertThatThrownBy(() -> CocoReader.read(f, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("u.json")
                .hasMessageContaining("annotation 41")
                .hasMessageContaining("category id 5");
    }

    @Test
    void unknownImageIdIsAnError() throws IOException {
        Path f = json("i.json", "{" + IMAGES + ", " + CATEGORIES + ", 'annotations': ["
                + "{'id': 42, 'image_id': 99, 'category_id': 2, 'bbox': [1, 1, 2, 2]}]}");
        assertThatThrownBy(() -> CocoReader.read(f, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("annotation 42")
                .hasMessageContaining("image id 99");
    }

    @Test
    void malformedJsonNamesFileAndLine() throws IOException {
        Path f = json("bad.json", "{\n'images': [\n{'id': 1,, 'file_name': 'x.png'}\n]}");
        assertThatThrownBy(() -> CocoReader.read(f, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad.json:3:")
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void truncatedJsonIsMalformed() throws IOException {
        Path f = json("cut.json", "{'images': [{'id': 1, 'file_na");
        assertThatThrownBy(() -> CocoReader.read(f, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("cut.json:1:");
    }

    @Test
    void imageWithoutSizeIsAnError() throws IOException {
        Path f = json("s.json", "{'images': [{'id': 1, 'file_name': 'x.png'}], 'categories': []}");
        assertThatThrownBy(() -> CocoReader.read(f, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("width and height");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> CocoReader.read(dir.resolve("nope.json"), null))
                .isInstanceOf(ScdaException.class)
                .hasMessageContaining("not found")
                .hasMessageContaining("nope.json");
    }
}
