package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default pairs (strength 1) render exactly what the generator rendered before the shift
 * strength existed: every image's pixels, every split file and README.txt, and the statistics of
 * benchmark.json, against digests written by the generator of commit b8b25c8
 * ({@code golden/synth/default-pairs.sha256}). Pixels rather than PNG bytes, so another zlib
 * cannot fail the test.
 */
class DefaultPairsGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void strengthOneRendersTheDefaultPairsOfBeforeTheKnob() throws Exception {
        List<String> actual = new ArrayList<>();
        for (Scenario scenario : Scenario.values()) {
            Path dir = tmp.resolve(scenario.id());
            SynthBenchmark.generate(new SynthPair(scenario, 1.0), dir, 7, 256, 128, SynthBenchmark.Counts.of(3, 2), 2);
            for (String line : digests(dir)) {
                actual.add(scenario.id() + "/" + line);
            }
        }
        assertThat(actual).containsExactlyElementsOf(golden());
    }

    private static List<String> golden() throws IOException {
        try (InputStream in = DefaultPairsGoldenTest.class.getResourceAsStream("/golden/synth/default-pairs.sha256")) {
            assertThat(in).as("golden file").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    /** "relative/path sha256" per file, sorted by path; see the golden file's header. */
    static List<String> digests(Path root) throws IOException, NoSuchAlgorithmException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).map(root::relativize)
                    .sorted(Comparator.comparing(p -> p.toString().replace('\\', '/'))).toList();
        }
        List<String> lines = new ArrayList<>();
        for (Path f : files) {
            String name = f.toString().replace('\\', '/');
            byte[] content;
            if (name.equals("benchmark.json")) {
                content = JSON.writeValueAsBytes(JSON.readTree(root.resolve(f).toFile()).get("splits"));
                name = "benchmark.json#splits";
            } else if (name.endsWith(".png")) {
                BufferedImage img = ImageIO.read(root.resolve(f).toFile());
                int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
                ByteBuffer b = ByteBuffer.allocate(8 + 4 * px.length);
                b.putInt(img.getWidth()).putInt(img.getHeight());
                for (int p : px) {
                    b.putInt(p);
                }
                content = b.array();
            } else {
                content = Files.readAllBytes(root.resolve(f));
            }
            lines.add(name + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        }
        return lines;
    }
}
