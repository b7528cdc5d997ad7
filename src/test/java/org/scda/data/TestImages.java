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

    /**
     * Writes a PNG whose header declares {@code width x height} RGB pixels but whose data holds
     * only {@code rows} rows of zeros: a decompression bomb in miniature (the header is what a
     * reader sees first; a decoder would allocate the whole image before finding the data short).
     */
    public static Path writePngHeader(Path file, int width, int height, int rows) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
            ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
            chunk(png, "IHDR", ihdr.array());
            java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
            try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(data)) {
                byte[] row = new byte[1 + 3 * width];
                for (int r = 0; r < rows; r++) {
                    z.write(row);
                }
            }
            chunk(png, "IDAT", data.toByteArray());
            chunk(png, "IEND", new byte[0]);
            Files.write(file, png.toByteArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        java.io.DataOutputStream d = new java.io.DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    /** Cuts a file to half its length, as an interrupted download leaves it. */
    public static Path truncate(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
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
