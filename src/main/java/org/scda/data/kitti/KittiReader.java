package org.scda.data.kitti;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.scda.data.BoundingBox;
import org.scda.data.DataFormatException;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ImageFiles;
import org.scda.data.ImageSize;
import org.scda.data.ObjectAnnotation;
import org.scda.data.SkipReport;
import org.scda.data.UnreadableImageException;
import org.scda.util.ScdaException;

/**
 * Reads KITTI object labels: {@code DIR/label_2/NAME.txt} with images
 * {@code DIR/image_2/NAME.png} ({@code DIR/training/} is used when {@code DIR} itself has no
 * {@code label_2}). Each line has 15 space-separated fields, 16 with a score: type, truncated,
 * occluded, alpha, left, top, right, bottom, h, w, l, x, y, z, rotation_y [, score].
 *
 * <ul>
 *   <li>Types are mapped to classes by a type -> class map; by default {@code Car -> car}
 *       (and {@code Van -> car} when asked). Types the map leaves out are dropped and counted;
 *       a type KITTI does not define is counted separately (a counted skip, not an error).</li>
 *   <li>{@code DontCare} becomes an ignore region, one per class of the result.</li>
 *   <li>Boxes: KITTI's {@code left top right bottom} are 0-based pixel coordinates and are used
 *       as they are. Clipped to the image (counted); zero-area boxes dropped (counted).</li>
 *   <li>Image size from the PNG header (pixels are not decoded). A missing or unreadable image
 *       skips its sample, counted.</li>
 *   <li>A line with too few or too many fields, or a non-number where a number belongs, is a
 *       {@link DataFormatException} with file and line number.</li>
 * </ul>
 * Samples are sorted by label file name; ids are 1, 2, ... in that order.
 */
public final class KittiReader {
    /** The object types KITTI defines, besides {@code DontCare}. */
    public static final List<String> TYPES =
            List.of("Car", "Van", "Truck", "Pedestrian", "Person_sitting", "Cyclist", "Tram", "Misc");
    public static final String DONT_CARE = "DontCare";

    static final String UNMAPPED = "KITTI type not mapped to a class, dropped";
    static final String UNKNOWN_TYPE = "unknown KITTI type, dropped";
    static final String CLIPPED = "box outside the image, clipped";
    static final String ZERO_AREA = "zero-area box dropped";
    static final String NO_IMAGE = "image file missing, sample skipped";
    static final String UNREADABLE = "unreadable image, sample skipped";

    private static final String[] FIELDS = {"type", "truncated", "occluded", "alpha", "left", "top", "right", "bottom",
        "height", "width", "length", "x", "y", "z", "rotation_y", "score"};

    private KittiReader() {
    }

    /** The default mapping: {@code Car -> car}, plus {@code Van -> car} when {@code van}. */
    public static Map<String, String> defaultMapping(boolean van) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Car", "car");
        if (van) {
            m.put("Van", "car");
        }
        return m;
    }

    /** Reads with {@link #defaultMapping(boolean)}. */
    public static DetectionDataset read(Path dir, boolean van) {
        return read(dir, defaultMapping(van));
    }

    /**
     * Reads {@code dir} mapping KITTI types to classes.
     *
     * @param typeToClass KITTI type -> class name; classes are the values in order of first
     *                    appearance
     * @throws IllegalArgumentException when a key is not a KITTI type
     * @throws ScdaException            when {@code label_2} is missing
     * @throws DataFormatException      for a malformed line
     */
    public static DetectionDataset read(Path dir, Map<String, String> typeToClass) {
        for (String type : typeToClass.keySet()) {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("'" + type + "' is not a KITTI type; types are " + String.join(", ", TYPES));
            }
        }
        List<String> classes = List.copyOf(new LinkedHashSet<>(typeToClass.values()));
        Path root = Files.isDirectory(dir.resolve("label_2")) || !Files.isDirectory(dir.resolve("training/label_2"))
                ? dir : dir.resolve("training");
        Path labels = root.resolve("label_2");
        if (!Files.isDirectory(labels)) {
            throw new ScdaException("KITTI label folder not found: " + labels);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(labels)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new ScdaException("cannot list " + labels + ": " + e.getMessage(), e);
        }
        SkipReport.Builder skips = new SkipReport.Builder();
        List<DetectionSample> samples = new ArrayList<>();
        long id = 1;
        for (Path f : files) {
            String name = f.getFileName().toString();
            Path image = root.resolve("image_2").resolve(name.substring(0, name.length() - 4) + ".png");
            if (!Files.isRegularFile(image)) {
                skips.add(NO_IMAGE, image.toString());
                continue;
            }
            ImageSize size;
            try {
                size = ImageFiles.size(image);
            } catch (UnreadableImageException e) {
                skips.add(UNREADABLE, image.getFileName() + ": " + e.detail());
                continue;
            }
            List<ObjectAnnotation> objects = objects(f, size, typeToClass, classes, skips);
            samples.add(new DetectionSample(id++, image, size.width(), size.height(), objects));
        }
        return new DetectionDataset(dir.toString(), classes, samples, true, skips.build());
    }

    private static List<ObjectAnnotation> objects(Path file, ImageSize size, Map<String, String> typeToClass,
                                                  List<String> classes, SkipReport.Builder skips) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ScdaException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<ObjectAnnotation> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int lineNo = i + 1;
            String[] f = line.split("\\s+");
            if (f.length < 15 || f.length > 16) {
                throw new DataFormatException(file, lineNo, "expected 15 fields (16 with a score), got " + f.length);
            }
            double[] v = new double[f.length];
            for (int k = 1; k < f.length; k++) {
                try {
                    v[k] = Double.parseDouble(f[k]);
                } catch (NumberFormatException e) {
                    throw new DataFormatException(file, lineNo, "field " + (k + 1) + " (" + FIELDS[k] + ") is not a number: '"
                            + f[k] + "'");
                }
                if (!Double.isFinite(v[k])) {
                    throw new DataFormatException(file, lineNo, "field " + (k + 1) + " (" + FIELDS[k] + ") is not finite");
                }
            }
            String type = f[0];
            String where = file.getFileName() + ":" + lineNo + " (" + type + ")";
            boolean dontCare = type.equals(DONT_CARE);
            if (!dontCare && !TYPES.contains(type)) {
                skips.add(UNKNOWN_TYPE, where);
                continue;
            }
            if (!dontCare && !typeToClass.containsKey(type)) {
                skips.add(UNMAPPED, where);
                continue;
            }
            BoundingBox box = v[6] < v[4] || v[7] < v[5]
                    ? new BoundingBox(v[4], v[5], v[4], v[5])
                    : new BoundingBox(v[4], v[5], v[6], v[7]);
            if (!box.isInside(size.width(), size.height())) {
                skips.add(CLIPPED, where + ": " + box);
                box = box.clip(size.width(), size.height());
            }
            if (box.isEmpty()) {
                skips.add(ZERO_AREA, where);
                continue;
            }
            if (dontCare) {
                for (int c = 0; c < classes.size(); c++) {
                    out.add(new ObjectAnnotation(box, c, true));
                }
            } else {
                out.add(new ObjectAnnotation(box, classes.indexOf(typeToClass.get(type)), false));
            }
        }
        return out;
    }
}
