package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.coco.CocoReader;
import org.scda.util.ScdaException;

class SynthCatalogTest {
    @TempDir
    Path cache;

    private String savedCache;

    @BeforeEach
    void tinyCache() {
        savedCache = System.getProperty("scda.cache");
        System.setProperty("scda.cache", cache.toString());
        SynthCatalog.counts = new SynthBenchmark.Counts(3, 2, 3, 2);
    }

    @AfterEach
    void restore() {
        if (savedCache == null) {
            System.clearProperty("scda.cache");
        } else {
            System.setProperty("scda.cache", savedCache);
        }
        SynthCatalog.counts = SynthBenchmark.Counts.DEFAULT;
    }

    @Test
    void generatesOnFirstUseAndReusesTheCache() throws Exception {
        Path json = SynthCatalog.resolve("foggy", "source", "train");
        assertThat(json).exists();
        assertThat(json.getParent().getParent().getFileName().toString()).startsWith("foggy-seed2019-256x128");
        assertThat(json.getParent().getParent().getParent()).isEqualTo(cache);
        assertThat(CocoReader.read(json, null).size()).isEqualTo(3);

        Path provenance = json.getParent().getParent().resolve("benchmark.json");
        FileTime before = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(provenance, before);
        Path oracle = SynthCatalog.resolve("FOGGY", "target_oracle", "train");
        assertThat(oracle).exists();
        assertThat(Files.getLastModifiedTime(provenance)).as("second call does not regenerate").isEqualTo(before);
        try (var s = Files.list(cache)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no temp folder left").noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void staleGeneratorVersionIsRegenerated() throws Exception {
        Path json = SynthCatalog.resolve("camera", "target", "val");
        Path provenance = json.getParent().getParent().resolve("benchmark.json");
        Files.writeString(provenance, "{\"generator_version\": \"0\"}");
        assertThat(SynthCatalog.isCurrent(provenance.getParent())).isFalse();
        SynthCatalog.resolve("camera", "target", "val");
        assertThat(SynthCatalog.isCurrent(provenance.getParent())).isTrue();
    }

    @Test
    void eachStrengthHasItsOwnFolderAndTheDefaultKeepsItsName() throws Exception {
        Path half = SynthCatalog.resolve("foggy@0.50", "target", "val").getParent().getParent();
        Path one = SynthCatalog.resolve("foggy@1", "target", "val").getParent().getParent();
        Path plain = SynthCatalog.resolve("foggy", "target", "val").getParent().getParent();
        assertThat(half.getFileName().toString()).isEqualTo("foggy-strength0.5-seed2019-256x128-n3-2-3-2");
        assertThat(one).isEqualTo(plain);
        assertThat(plain.getFileName().toString()).isEqualTo("foggy-seed2019-256x128-n3-2-3-2");
        assertThat(new ObjectMapper().readTree(half.resolve("benchmark.json").toFile()).path("strength").asDouble())
                .isEqualTo(0.5);
        assertThat(Files.readAllBytes(half.resolve("source/val/000000.png")))
                .isEqualTo(Files.readAllBytes(plain.resolve("source/val/000000.png")));
        assertThat(Files.readAllBytes(half.resolve("target/val/000000.png")))
                .isNotEqualTo(Files.readAllBytes(plain.resolve("target/val/000000.png")));
    }

    @Test
    void aCacheWrittenBeforeTheStrengthExistedStaysValid() throws Exception {
        SynthCatalog.counts = SynthBenchmark.Counts.DEFAULT;
        Path dir = cache.resolve("camera-seed2019-256x128");
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("benchmark.json"),
                "{\"generator\": \"scda synth\", \"generator_version\": \"" + SynthBenchmark.GENERATOR_VERSION
                        + "\", \"scenario\": \"camera\"}");
        Files.writeString(dir.resolve("target/val.json"), "{}");
        assertThat(SynthCatalog.resolve("camera", "target", "val")).isEqualTo(dir.resolve("target/val.json"));
        assertThat(dir.resolve("target/val.json")).hasContent("{}");
    }

    @Test
    void badStrengthsAreClearErrorsBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> SynthCatalog.resolve("foggy@-1", "source", "train"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strength after @");
        assertThatThrownBy(() -> SynthCatalog.resolve("camera@3.5", "source", "train"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 3");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void badNamesAreClearErrors() {
        assertThatThrownBy(() -> SynthCatalog.resolve("rainy", "source", "train"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("foggy, sim2real, camera");
        assertThatThrownBy(() -> SynthCatalog.resolve("foggy", "target_oracle", "val"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("target/val");
        assertThatThrownBy(() -> SynthCatalog.resolve("foggy", "src", "train"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("source/train");
        assertThat(cache).isEmptyDirectory();
    }
}
