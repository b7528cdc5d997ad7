package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.BoundingBox;
import org.scda.data.DataFormatException;
import org.scda.data.Detection;
import org.scda.util.ScdaException;

class CocoResultsTest {
    @TempDir
    Path dir;

    @Test
    void readsThePublicFormat() throws Exception {
        Path file = dir.resolve("dets.json");
        Files.writeString(file, """
                [{"image_id": 7, "category_id": 1, "bbox": [10, 20, 30, 40], "score": 0.9},
                 {"image_id": 8, "category_id": 3, "bbox": [0.5, 1.5, 2.25, 0], "score": 0.125, "extra": "kept out"}]
                """);
        List<Detection> dets = CocoResults.read(file);
        assertThat(dets).containsExactly(
                new Detection(7, 0, new BoundingBox(10, 20, 40, 60), 0.9),
                new Detection(8, 2, new BoundingBox(0.5, 1.5, 2.75, 1.5), 0.125));
    }

    @Test
    void writeThenReadGivesTheSameDetections() {
        List<Detection> dets = List.of(new Detection(1, 0, new BoundingBox(1.25, 2, 10, 20.5), 0.75),
                new Detection(123456789012L, 4, new BoundingBox(0, 0, 3, 3), 0.0625));
        Path file = dir.resolve("sub/out.json");
        CocoResults.write(dets, file);
        assertThat(CocoResults.read(file)).isEqualTo(dets);
        CocoResults.write(List.of(), file);
        assertThat(CocoResults.read(file)).isEmpty();
    }

    @Test
    void fileNamesRoundTripByImageIdAndAreOptional() throws Exception {
        List<Detection> dets = List.of(new Detection(7, 0, new BoundingBox(1, 2, 4, 6), 0.5),
                new Detection(9, 1, new BoundingBox(0, 0, 3, 3), 0.25), new Detection(7, 1, new BoundingBox(0, 0, 2, 2), 0.125));
        Path file = dir.resolve("named.json");
        CocoResults.write(dets, java.util.Map.of(7L, "a.png"), file);
        assertThat(CocoResults.read(file)).isEqualTo(dets);
        assertThat(CocoResults.fileNames(file)).containsExactly("a.png", null, "a.png");
        Files.writeString(file, "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,1,1], \"score\": 0.5, \"file_name\": 3}]");
        assertThatThrownBy(() -> CocoResults.fileNames(file)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("entry 0").hasMessageContaining("file_name");
    }

    @Test
    void theStreamingWriterWritesTheBytesOfTheListWriter() throws Exception {
        List<Detection> dets = List.of(new Detection(7, 0, new BoundingBox(1, 2, 4, 6.5), 0.5),
                new Detection(9, 1, new BoundingBox(0, 0, 3, 3), 0.25));
        Path listed = dir.resolve("listed.json");
        CocoResults.write(dets, java.util.Map.of(7L, "a.png"), listed);
        Path streamed = dir.resolve("streamed.json");
        try (CocoResults.Writer w = CocoResults.Writer.open(streamed)) {
            w.add(dets.get(0), "a.png", null);
            w.add(dets.get(1), null, null);
            assertThat(w.entries()).isEqualTo(2);
        }
        assertThat(Files.readString(streamed)).isEqualTo(Files.readString(listed)).isEqualTo("""
                [
                {"image_id":7,"category_id":1,"bbox":[1.0,2.0,3.0,4.5],"score":0.5,"file_name":"a.png"},
                {"image_id":9,"category_id":2,"bbox":[0.0,0.0,3.0,3.0],"score":0.25}
                ]
                """);
        try (CocoResults.Writer w = CocoResults.Writer.open(streamed)) {
            assertThat(w.entries()).isZero();
        }
        assertThat(Files.readString(streamed)).isEqualTo("[\n]\n");
    }

    @Test
    void writesCategoryIdAsClassIdPlusOne() throws Exception {
        Path file = dir.resolve("one.json");
        CocoResults.write(List.of(new Detection(3, 0, new BoundingBox(1, 2, 4, 6), 0.5)), file);
        assertThat(Files.readString(file)).contains("\"category_id\":1").contains("\"bbox\":[1.0,2.0,3.0,4.0]");
    }

    @Test
    void badEntriesNameTheFileAndIndex() throws Exception {
        String[][] cases = {
                {"[{\"image_id\": 1, \"category_id\": 0, \"bbox\": [0,0,1,1], \"score\": 0.5}]", "entry 0", "category_id 0"},
                {"[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,1,1], \"score\": 0.5},"
                        + " {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,-1,1], \"score\": 0.5}]", "entry 1", "negative width"},
                {"[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,1], \"score\": 0.5}]", "entry 0", "bbox"},
                {"[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,1,1]}]", "entry 0", "score"},
                {"[{\"image_id\": \"a\", \"category_id\": 1, \"bbox\": [0,0,1,1], \"score\": 1}]", "entry 0", "image_id"},
                {"[{\"image_id\": 1.5, \"category_id\": 1, \"bbox\": [0,0,1,1], \"score\": 1}]", "entry 0", "image_id"},
                {"[3]", "entry 0", "object"},
                {"{\"annotations\": []}", "dets.json", "JSON array"},
                {"[{\"image_id\": 1,\n \"category_id\": }]", "dets.json:2", "malformed JSON"},
        };
        Path file = dir.resolve("dets.json");
        for (String[] c : cases) {
            Files.writeString(file, c[0]);
            assertThatThrownBy(() -> CocoResults.read(file)).as(c[0])
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining(c[1])
                    .hasMessageContaining(c[2]);
        }
    }

    @Test
    void missingFileIsAOneLineFailure() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> CocoResults.read(missing)).isInstanceOf(ScdaException.class)
                .hasMessageContaining("nope.json").hasMessageContaining("no such file");
    }
}
