package org.scda.data.voc;

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
import org.scda.data.TestImages;
import org.scda.util.ScdaException;

class VocReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsAllAnnotationsConvertingOneBasedBoxesOnce() {
        Path dir = TestImages.fixture("voc");
        DetectionDataset ds = VocReader.read(dir, null);
        assertThat(ds.classNames()).containsExactly("car", "dog", "person");
        assertThat(ds.size()).isEqualTo(2);
        DetectionSample first = ds.samples().get(0);
        assertThat(first.image()).isEqualTo(dir.resolve("JPEGImages/000001.jpg"));
        assertThat(first.width()).isEqualTo(353);
        assertThat(first.height()).isEqualTo(500);
        assertThat(first.objects()).containsExactly(
                new ObjectAnnotation(new BoundingBox(47, 239, 195, 371), 1, false),
                new ObjectAnnotation(new BoundingBox(7, 11, 352, 498), 2, true));
    }

    @Test
    void clipsOutsideBoxesAndDropsEmptyOnesCounting() {
        DetectionDataset ds = VocReader.read(TestImages.fixture("voc"), "train");
        assertThat(ds.size()).isEqualTo(1);
        DetectionSample s = ds.samples().get(0);
        // the full-image box (1..335 x 1..500) becomes exactly the image
        assertThat(s.objects()).extracting(ObjectAnnotation::box).containsExactly(
                new BoundingBox(0, 0, 335, 500),
                new BoundingBox(299, 399, 335, 500));
        assertThat(ds.skipped().counts())
                .containsEntry(VocReader.CLIPPED, 1)
                .containsEntry(VocReader.ZERO_AREA, 1);
        assertThat(ds.skipped().examples().get(VocReader.ZERO_AREA).get(0)).contains("000002.xml").contains("object 3");
    }

    @Test
    void splitOrderIsKept() {
        DetectionDataset ds = VocReader.read(TestImages.fixture("voc"), "trainval");
        assertThat(ds.samples()).extracting(s -> s.image().getFileName().toString())
                .containsExactly("000001.jpg", "000002.jpg");
        assertThat(ds.samples()).extracting(DetectionSample::id).containsExactly(1L, 2L);
    }

    @Test
    void sizeFromImageHeaderWhenXmlHasNone() throws IOException {
        Path dir = tmp.resolve("voc");
        Files.createDirectories(dir.resolve("Annotations"));
        TestImages.write(dir.resolve("JPEGImages/a.jpg"), 31, 17);
        Files.writeString(dir.resolve("Annotations/a.xml"), "<annotation><filename>a.jpg</filename>"
                + "<object><name>car</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>10</xmax><ymax>10</ymax></bndbox>"
                + "</object></annotation>");
        DetectionSample s = VocReader.read(dir, null).samples().get(0);
        assertThat(s.width()).isEqualTo(31);
        assertThat(s.height()).isEqualTo(17);
    }

    @Test
    void aSizeThatIsNotTheImageFilesIsAnErrorNamingTheXml() throws IOException {
        Path dir = tmp.resolve("voc");
        Files.createDirectories(dir.resolve("Annotations"));
        TestImages.write(dir.resolve("JPEGImages/a.jpg"), 31, 17);
        Files.writeString(dir.resolve("Annotations/a.xml"), "<annotation><filename>a.jpg</filename>"
                + "<size><width>310</width><height>170</height></size></annotation>");
        assertThatThrownBy(() -> VocReader.read(dir, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(dir.resolve("Annotations/a.xml").toString())
                .hasMessageContaining("declares 310x170")
                .hasMessageContaining("is 31x17");
    }

    @Test
    void noSizeAndCorruptImageNamesTheXml() throws IOException {
        Path dir = tmp.resolve("voc");
        Files.createDirectories(dir.resolve("JPEGImages"));
        Files.createDirectories(dir.resolve("Annotations"));
        Files.write(dir.resolve("JPEGImages/a.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
        Files.writeString(dir.resolve("Annotations/a.xml"), "<annotation><filename>a.jpg</filename></annotation>");
        assertThatThrownBy(() -> VocReader.read(dir, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("a.xml")
                .hasMessageContaining("size");
    }

    @Test
    void malformedXmlNamesFileAndLine() throws IOException {
        Path dir = TestImages.copyFixture("voc", tmp.resolve("voc"));
        Files.writeString(dir.resolve("Annotations/000002.xml"), "<annotation>\n<size>\n<width>3</width>\n</annotation>\n");
        assertThatThrownBy(() -> VocReader.read(dir, "train"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("000002.xml:4:")
                .hasMessageContaining("malformed XML");
    }

    @Test
    void externalEntitiesAreRefused() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "cat");
        Path dir = TestImages.copyFixture("voc", tmp.resolve("voc"));
        Files.writeString(dir.resolve("Annotations/000002.xml"), "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE a [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<annotation><size><width>9</width><height>9</height></size>"
                + "<object><name>&x;</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox>"
                + "</object></annotation>");
        assertThatThrownBy(() -> VocReader.read(dir, "train"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void nonNumericCoordinateNamesTheObject() throws IOException {
        Path dir = TestImages.copyFixture("voc", tmp.resolve("voc"));
        Files.writeString(dir.resolve("Annotations/000002.xml"), "<annotation><size><width>9</width><height>9</height></size>"
                + "<object><name>car</name><bndbox><xmin>one</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox>"
                + "</object></annotation>");
        assertThatThrownBy(() -> VocReader.read(dir, "train"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("000002.xml")
                .hasMessageContaining("object 1")
                .hasMessageContaining("xmin");
    }

    @Test
    void missingFilesAreClearErrors() throws IOException {
        assertThatThrownBy(() -> VocReader.read(tmp.resolve("nothing"), null))
                .isInstanceOf(ScdaException.class).hasMessageContaining("Annotations");
        assertThatThrownBy(() -> VocReader.read(TestImages.fixture("voc"), "test"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("test.txt");
        Path dir = TestImages.copyFixture("voc", tmp.resolve("voc"));
        Files.writeString(dir.resolve("ImageSets/Main/train.txt"), "000002\n000009\n");
        assertThatThrownBy(() -> VocReader.read(dir, "train"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("train.txt:2:")
                .hasMessageContaining("000009");
    }
}
