package org.scda.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.scda.util.ScdaException;

/**
 * Where a job's images are listed ({@code --images}): a folder of images, one image, a list file
 * (one path per line; blank lines and lines starting with {@code #} skipped; relative paths
 * against the list's folder), or a table with a column of paths: Parquet (a {@code .parquet}
 * file, or a folder of {@code .parquet} parts as Spark writes them) or CSV with a header line.
 *
 * @param kind   what the path holds
 * @param path   the path given
 * @param column the table column with the image paths (tables only)
 */
public record ImageSource(Kind kind, Path path, String column) {
    /** The image file endings a folder is scanned for, as {@code scda detect} does. */
    public static final List<String> IMAGE_ENDINGS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");
    /** The column read from a table when none is named. */
    public static final String DEFAULT_COLUMN = "path";

    /** What an {@code --images} path holds. */
    public enum Kind {
        /** A folder of images. */
        FOLDER,
        /** One image file. */
        IMAGE,
        /** A text file with one image path per line. */
        LIST,
        /** A Parquet table. */
        PARQUET,
        /** A CSV table with a header line. */
        CSV
    }

    /**
     * Decides what {@code path} holds from its name and, for folders, whether it holds Parquet
     * parts; {@code column} (null: {@value #DEFAULT_COLUMN}) is only for tables.
     *
     * @throws ScdaException when the path does not exist, or a column is named for a source that
     *                       is not a table
     */
    public static ImageSource of(Path path, String column) {
        if (!Files.exists(path)) {
            throw new ScdaException("--images: no such file or folder: " + path);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        Kind kind;
        if (name.endsWith(".parquet") || Files.isDirectory(path) && holdsParquet(path)) {
            kind = Kind.PARQUET;
        } else if (name.endsWith(".csv")) {
            kind = Kind.CSV;
        } else if (Files.isDirectory(path)) {
            kind = Kind.FOLDER;
        } else if (isImageName(name)) {
            kind = Kind.IMAGE;
        } else {
            kind = Kind.LIST;
        }
        boolean table = kind == Kind.PARQUET || kind == Kind.CSV;
        if (!table && column != null) {
            throw new ScdaException("--column names a table column, but " + path + " is not a Parquet or CSV table");
        }
        return new ImageSource(kind, path, table ? (column == null ? DEFAULT_COLUMN : column) : null);
    }

    /** Whether a file name ends like an image {@code scda detect} picks up. */
    public static boolean isImageName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return IMAGE_ENDINGS.stream().anyMatch(lower::endsWith);
    }

    /**
     * The image paths of a folder, one image or a list file (tables are read with Spark).
     *
     * @throws ScdaException when the folder holds no images or the list cannot be read
     */
    public List<Path> listFiles() {
        try {
            switch (kind) {
                case IMAGE:
                    return List.of(path);
                case FOLDER:
                    try (Stream<Path> s = Files.list(path)) {
                        List<Path> files = s.filter(Files::isRegularFile)
                                .filter(f -> isImageName(f.getFileName().toString())).sorted().toList();
                        if (files.isEmpty()) {
                            throw new ScdaException(path + " holds no images (" + String.join(", ", IMAGE_ENDINGS) + ")");
                        }
                        return files;
                    }
                case LIST:
                    return parseList(Files.readAllLines(path, StandardCharsets.UTF_8), path.toAbsolutePath().getParent());
                default:
                    throw new IllegalStateException(kind + " is a table: read it with Spark");
            }
        } catch (IOException e) {
            throw new ScdaException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The paths of a list file's lines: trimmed, blank and {@code #} lines skipped, relative ones against {@code base}. */
    static List<Path> parseList(List<String> lines, Path base) {
        List<Path> out = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            Path p = Path.of(t);
            out.add(p.isAbsolute() || base == null ? p : base.resolve(p));
        }
        return out;
    }

    private static boolean holdsParquet(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet"));
        } catch (IOException e) {
            return false;
        }
    }
}
