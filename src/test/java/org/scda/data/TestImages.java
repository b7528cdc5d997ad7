package org.scda.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;

/** Writes tiny images and locates fixture folders for reader tests. */
public final class TestImages {
    private TestImages() {
    }

    /** Writes a {@code width x height} image; the format follows the extension (png or jpg). */
    public static Path write(Path file, int width, int height) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    img.setRGB(x, y, (x * 7 + y * 13) & 0xffffff);
                }
            }
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            String format = name.endsWith(".png") ? "png" : "jpg";
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IOException("no writer for " + format);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder of a test resource under {@code /fixtures/}. */
    public static Path fixture(String name) {
        try {
            return Paths.get(TestImages.class.getResource("/fixtures/" + name).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    /** Copies a fixture folder tree into {@code target} so a test can damage it. */
    public static Path copyFixture(String name, Path target) {
        Path source = fixture(name);
        try (var files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
