package org.scda.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image's size in pixels, read from the file header without decoding the pixels.
 *
 * @param width  pixels per row
 * @param height rows
 */
public record ImageSize(int width, int height) {

    /**
     * Reads the size of a PNG, JPEG (or any format ImageIO knows) from its header.
     *
     * @throws NoSuchFileException when the file is missing
     * @throws IOException         when it is not a readable image (message names the file)
     */
    public static ImageSize read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open " + file);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + " is not an image ImageIO can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new IOException(file + " has a non-positive size " + w + "x" + h);
                }
                return new ImageSize(w, h);
            } catch (RuntimeException e) {
                // ImageIO plug-ins throw unchecked exceptions on some truncated headers
                throw new IOException(file + " has a corrupt header: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }
}
