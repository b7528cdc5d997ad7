package org.scda.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The one place image files are opened: {@link #size} reads the header only, {@link #read}
 * decodes the pixels. Both refuse an image of more than {@link #maxPixels()} pixels on its
 * header, before anything is allocated: a small PNG can declare 20000 x 20000 pixels, which
 * ImageIO would otherwise decode in full (35 s and 4.8 GB measured). Every failure is an
 * {@link UnreadableImageException} with a one-line message naming the file.
 *
 * <p>A truncated PNG fails to decode; a truncated JPEG decodes with a warning and a grey
 * bottom, so the JPEG reader's truncation warnings are failures here too (other warnings, such
 * as extraneous bytes before a marker, are not).
 */
public final class ImageFiles {
    /**
     * The pixel limit when none is set: 100 million pixels (10000 x 10000; 300-400 MB decoded),
     * 50 times a Cityscapes image and above any camera frame the readers are used with.
     */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** System property that overrides {@link #DEFAULT_MAX_PIXELS} (first choice). */
    public static final String MAX_PIXELS_PROPERTY = "scda.maxImagePixels";
    /** Environment variable that overrides {@link #DEFAULT_MAX_PIXELS} when the property is unset. */
    public static final String MAX_PIXELS_ENV = "SCDA_MAX_IMAGE_PIXELS";
    /** The skip-report reason of every image a reader or command passes over because it cannot be used. */
    public static final String UNREADABLE = "unreadable image skipped";

    private ImageFiles() {
    }

    /**
     * The size from the file's header; the pixels are not decoded.
     *
     * @throws UnreadableImageException when the file is missing, not an image, has a corrupt
     *                                  header or more pixels than {@link #maxPixels()}
     */
    public static ImageSize size(Path file) {
        return open(file, (reader, size) -> size);
    }

    /**
     * The decoded image.
     *
     * @throws UnreadableImageException when the file is missing, not an image, over the pixel
     *                                  limit (checked on the header first), truncated or corrupt
     */
    public static BufferedImage read(Path file) {
        return open(file, (reader, size) -> {
            List<String> truncation = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> {
                if (isTruncation(warning)) {
                    truncation.add(warning);
                }
            });
            BufferedImage image = reader.read(0, reader.getDefaultReadParam());
            if (!truncation.isEmpty()) {
                throw new UnreadableImageException(file, "truncated image: " + truncation.get(0));
            }
            return image;
        });
    }

    /**
     * Checks the size an annotation file declares for an image against the image's header. An
     * image that is missing or unreadable is not checked here: reading it fails with its own
     * message, and {@code scda data stats} finds it.
     *
     * @param annotationFile the file that declares the size (named in the error)
     * @param entry          the image's entry in it, e.g. {@code "image 17 (a.png)"}
     * @throws DataFormatException naming the annotation file, the entry and both sizes
     */
    public static void checkDeclaredSize(Path annotationFile, String entry, Path image, int width, int height) {
        if (!Files.isRegularFile(image)) {
            return;
        }
        ImageSize actual;
        try {
            actual = size(image);
        } catch (UnreadableImageException e) {
            return;
        }
        if (actual.width() != width || actual.height() != height) {
            throw new DataFormatException(annotationFile, entry + " declares " + width + "x" + height
                    + " but the image file " + image + " is " + actual.width() + "x" + actual.height());
        }
    }

    /**
     * The pixel limit in force: the system property {@value #MAX_PIXELS_PROPERTY}, else the
     * environment variable {@value #MAX_PIXELS_ENV}, else {@link #DEFAULT_MAX_PIXELS}.
     *
     * @throws IllegalArgumentException when the setting is not a positive integer (naming it)
     */
    public static long maxPixels() {
        String property = System.getProperty(MAX_PIXELS_PROPERTY);
        if (property != null) {
            return parseLimit(property, "-D" + MAX_PIXELS_PROPERTY);
        }
        String env = System.getenv(MAX_PIXELS_ENV);
        return env == null || env.isBlank() ? DEFAULT_MAX_PIXELS : parseLimit(env, MAX_PIXELS_ENV);
    }

    private static long parseLimit(String text, String setting) {
        try {
            long v = Long.parseLong(text.strip().replace("_", ""));
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(setting + " must be a positive number of pixels, got '" + text + "'");
    }

    /** Checks {@code width x height} against the limit, naming the file and the setting. */
    static void checkPixels(Path file, int width, int height) {
        long pixels = (long) width * height;
        long limit = maxPixels();
        if (pixels > limit) {
            throw new UnreadableImageException(file, String.format(Locale.ROOT,
                    "%dx%d is %.1f million pixels, over the limit of %.1f million (a decompression bomb?);"
                            + " set %s to raise it", width, height, pixels / 1e6, limit / 1e6, MAX_PIXELS_ENV));
        }
    }

    private static boolean isTruncation(String warning) {
        // the JPEG plug-in's messages for a file cut short (libjpeg JWRN_JPEG_EOF and the missing EOI)
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("truncated") || w.contains("premature end");
    }

    /** What to do with an opened reader whose header passed the checks. */
    private interface ReaderStep<T> {
        T apply(ImageReader reader, ImageSize size) throws IOException;
    }

    private static <T> T open(Path file, ReaderStep<T> step) {
        if (!Files.isRegularFile(file)) {
            throw new UnreadableImageException(file, "no such image file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new UnreadableImageException(file, "cannot open");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableImageException(file, "not an image ImageIO can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new UnreadableImageException(file, "has a non-positive size " + width + "x" + height);
                }
                checkPixels(file, width, height);
                return step.apply(reader, new ImageSize(width, height));
            } catch (UnreadableImageException e) {
                throw e;
            } catch (RuntimeException e) {
                // ImageIO plug-ins throw unchecked exceptions on some corrupt files
                throw new UnreadableImageException(file, "corrupt image: " + oneLine(e), e);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UnreadableImageException(file, "cannot read image: " + oneLine(e), e);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null && !message.contains(e.getCause().getMessage())) {
            message += " (" + e.getCause().getMessage() + ")";
        }
        return message.replace('\n', ' ');
    }
}
