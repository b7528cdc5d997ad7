package org.scda.eval;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scda.data.BoundingBox;
import org.scda.data.DataFormatException;
import org.scda.data.Detection;
import org.scda.data.mask.Rle;
import org.scda.util.ScdaException;

/**
 * Detections as a COCO results file: a JSON array of
 * {@code {"image_id": 17, "category_id": 1, "bbox": [x, y, w, h], "score": 0.93}}, the format
 * pycocotools' {@code loadRes} and most detection codebases read and write. The category id is
 * the dataset class id + 1 (the id {@code CocoWriter} gives each class); the box is in the
 * same continuous pixel coordinates as {@link BoundingBox}.
 */
public final class CocoResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CocoResults() {
    }

    /**
     * Reads a COCO results file. Entries keep the file's order, so entry {@code i} of the file
     * is element {@code i} of the list.
     *
     * @throws ScdaException       when the file is missing or unreadable
     * @throws DataFormatException naming the file and the array index (or line) of the first
     *                             bad entry: malformed JSON, not an array, a missing or
     *                             non-numeric field, a category id below 1, a negative width
     *                             or height, a non-finite score
     */
    public static List<Detection> read(Path file) {
        return read(file, null);
    }

    /**
     * Reads a COCO results file whose category ids are those of a COCO ground-truth file,
     * which need not be {@code 1..n}: {@code categoryIds.get(c)} is the category id of class
     * {@code c} (see {@link #categoryIds}). An entry with any other category id is an error
     * naming the file and the entry's index.
     *
     * @see #read(Path)
     */
    public static List<Detection> read(Path file, List<Long> categoryIds) {
        JsonNode root = parse(file);
        if (root == null || !root.isArray()) {
            throw new DataFormatException(file, "a COCO results file must be a JSON array of detections, found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        List<Detection> detections = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            detections.add(entry(file, i, root.get(i), categoryIds));
        }
        return detections;
    }

    /**
     * Reads a COCO results file of instance segmentation: each entry's box detection with its
     * {@code "segmentation"} as RLE ({@code {"size": [h, w], "counts": "<compressed>"}} as
     * pycocotools writes it, or counts as an array of run lengths), in file order.
     *
     * @return the detections with masks, or null when no entry has a segmentation (a box-only file)
     * @throws DataFormatException naming the file and entry when only some entries have a
     *                             segmentation, or one is not an RLE (polygons are not read here)
     */
    public static List<MaskDetection> readWithMasks(Path file, List<Long> categoryIds) {
        List<Detection> boxes = read(file, categoryIds);
        JsonNode root = parse(file);
        int with = 0;
        for (JsonNode node : root) {
            with += node.has("segmentation") ? 1 : 0;
        }
        if (with == 0) {
            return null;
        }
        List<MaskDetection> out = new ArrayList<>(boxes.size());
        for (int i = 0; i < root.size(); i++) {
            String where = "entry " + i + ": ";
            JsonNode seg = root.get(i).get("segmentation");
            if (seg == null) {
                throw new DataFormatException(file, where + "has no \"segmentation\" but " + with + " other entries have one");
            }
            out.add(new MaskDetection(boxes.get(i), rle(file, where, seg)));
        }
        return out;
    }

    private static Rle rle(Path file, String where, JsonNode seg) {
        JsonNode size = seg.get("size");
        JsonNode counts = seg.get("counts");
        if (!seg.isObject() || size == null || !size.isArray() || size.size() != 2 || counts == null) {
            throw new DataFormatException(file, where + "\"segmentation\" must be an RLE {\"size\": [h, w], \"counts\": ...}"
                    + " (polygons are not read for detections), found " + seg);
        }
        int height = size.get(0).asInt();
        int width = size.get(1).asInt();
        try {
            if (counts.isTextual()) {
                return Rle.fromCompressedString(height, width, counts.asText());
            }
            int[] runs = new int[counts.size()];
            for (int k = 0; k < runs.length; k++) {
                runs[k] = counts.get(k).asInt();
            }
            return new Rle(height, width, runs);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, where + "bad RLE: " + e.getMessage());
        }
    }

    private static Detection entry(Path file, int index, JsonNode node, List<Long> categoryIds) {
        String where = "entry " + index + ": ";
        if (!node.isObject()) {
            throw new DataFormatException(file, where + "expected an object, found " + node);
        }
        long imageId = integer(file, where, node, "image_id");
        long categoryId = integer(file, where, node, "category_id");
        int classId;
        if (categoryIds == null) {
            if (categoryId < 1 || categoryId > Integer.MAX_VALUE) {
                throw new DataFormatException(file, where + "unknown category_id " + categoryId
                        + " (category ids are class index + 1, so >= 1)");
            }
            classId = (int) (categoryId - 1);
        } else {
            classId = categoryIds.indexOf(categoryId);
            if (classId < 0) {
                throw new DataFormatException(file, where + "unknown category_id " + categoryId
                        + "; the ground truth has categories " + categoryIds);
            }
        }
        JsonNode bbox = node.get("bbox");
        if (bbox == null || !bbox.isArray() || bbox.size() != 4) {
            throw new DataFormatException(file, where + "\"bbox\" must be an array [x, y, w, h], found " + bbox);
        }
        double[] xywh = new double[4];
        for (int k = 0; k < 4; k++) {
            if (!bbox.get(k).isNumber() || !Double.isFinite(bbox.get(k).asDouble())) {
                throw new DataFormatException(file, where + "\"bbox\" must hold 4 finite numbers, found " + bbox);
            }
            xywh[k] = bbox.get(k).asDouble();
        }
        if (xywh[2] < 0 || xywh[3] < 0) {
            throw new DataFormatException(file, where + "negative width or height in bbox " + bbox);
        }
        JsonNode score = node.get("score");
        if (score == null || !score.isNumber() || !Double.isFinite(score.asDouble())) {
            throw new DataFormatException(file, where + "\"score\" must be a finite number, found " + score);
        }
        return new Detection(imageId, classId,
                BoundingBox.fromXywh(xywh[0], xywh[1], xywh[2], xywh[3]), score.asDouble());
    }

    private static JsonNode parse(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new DataFormatException(file, at == null ? 0 : at.getLineNr(), "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new ScdaException(file + ": no such file");
            }
            throw new ScdaException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static long integer(Path file, String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong() || !(v.isIntegralNumber() || v.asDouble() == Math.rint(v.asDouble()))) {
            throw new DataFormatException(file, where + "\"" + field + "\" must be an integer, found " + v);
        }
        return v.asLong();
    }

    /**
     * The category ids of a COCO instances file in class-id order: ascending, the order in
     * which {@code CocoReader} numbers classes 0, 1, ... A file written by {@code CocoWriter}
     * gives {@code [1, 2, ..., n]}.
     *
     * @throws ScdaException       when the file is missing or unreadable
     * @throws DataFormatException when it is malformed or a category has no integer id
     */
    public static List<Long> categoryIds(Path instancesJson) {
        JsonNode root = parse(instancesJson);
        JsonNode categories = root == null ? null : root.get("categories");
        if (categories == null || !categories.isArray()) {
            throw new DataFormatException(instancesJson, "no \"categories\" array");
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode c : categories) {
            if (!c.path("id").isIntegralNumber()) {
                throw new DataFormatException(instancesJson, "category without an integer id: " + c);
            }
            ids.add(c.get("id").asLong());
        }
        ids.sort(null);
        return List.copyOf(ids);
    }

    /**
     * The {@code "file_name"} of each entry of a COCO results file, in file order, null for an
     * entry without one ({@code scda detect} writes the name of the image each detection was
     * made on, so that the image ids can be checked against the ground truth's).
     *
     * @throws DataFormatException when a {@code file_name} is not a string
     */
    public static List<String> fileNames(Path file) {
        JsonNode root = parse(file);
        if (root == null || !root.isArray()) {
            throw new DataFormatException(file, "a COCO results file must be a JSON array of detections");
        }
        List<String> names = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode name = root.get(i).get("file_name");
            if (name != null && !name.isTextual()) {
                throw new DataFormatException(file, "entry " + i + ": \"file_name\" must be a string, found " + name);
            }
            names.add(name == null ? null : name.asText());
        }
        return java.util.Collections.unmodifiableList(names);
    }

    /**
     * Writes {@code detections} as a COCO results file (creating parent folders), one entry
     * per detection in list order.
     *
     * @throws ScdaException when the file cannot be written
     */
    public static void write(List<Detection> detections, Path file) {
        write(detections, null, Map.of(), file);
    }

    /**
     * Writes {@code detections} as {@link #write(List, Path)} does, each entry also carrying
     * the {@code "file_name"} of its image (by image id; pycocotools ignores the extra field).
     */
    public static void write(List<Detection> detections, Map<Long, String> fileNames, Path file) {
        write(detections, null, fileNames, file);
    }

    /**
     * Writes Mask R-CNN detections as a COCO results file: each entry also carries its mask as
     * {@code "segmentation": {"size": [height, width], "counts": "<compressed RLE>"}}
     * (pycocotools' form, readable with {@code mask.decode}).
     */
    public static void writeWithMasks(List<MaskDetection> detections, Path file) {
        writeWithMasks(detections, Map.of(), file);
    }

    /** {@link #writeWithMasks(List, Path)} with each entry's {@code "file_name"} as in {@link #write(List, Map, Path)}. */
    public static void writeWithMasks(List<MaskDetection> detections, Map<Long, String> fileNames, Path file) {
        write(detections.stream().map(MaskDetection::detection).toList(),
                detections.stream().map(MaskDetection::mask).toList(), fileNames, file);
    }

    private static void write(List<Detection> detections, List<Rle> masks, Map<Long, String> fileNames, Path file) {
        try (Writer out = Writer.open(file)) {
            for (int i = 0; i < detections.size(); i++) {
                Detection d = detections.get(i);
                out.add(d, fileNames.get(d.imageId()), masks == null ? null : masks.get(i));
            }
        }
    }

    /**
     * A COCO results file written one detection at a time, for results too many to hold in a
     * list (scda-spark streams them from its executors); {@link #write} writes through it, so
     * both give the same bytes. Close it to finish the file.
     */
    public static final class Writer implements AutoCloseable {
        private final Path file;
        private final BufferedWriter out;
        private int entries;

        private Writer(Path file, BufferedWriter out) {
            this.file = file;
            this.out = out;
        }

        /**
         * Creates (or replaces) {@code file}, creating parent folders.
         *
         * @throws ScdaException when the file cannot be written
         */
        public static Writer open(Path file) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                out.write("[");
                return new Writer(file, out);
            } catch (IOException e) {
                throw cannotWrite(file, e);
            }
        }

        /**
         * Appends one entry: {@code image_id}, {@code category_id} (class id + 1), {@code bbox},
         * {@code score}, then {@code file_name} unless null and {@code segmentation} unless
         * {@code mask} is null.
         */
        public void add(Detection d, String fileName, Rle mask) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("image_id", d.imageId());
            entry.put("category_id", d.classId() + 1);
            entry.put("bbox", d.box().toXywh());
            entry.put("score", d.score());
            if (fileName != null) {
                entry.put("file_name", fileName);
            }
            if (mask != null) {
                Map<String, Object> segmentation = new LinkedHashMap<>();
                segmentation.put("size", List.of(mask.height(), mask.width()));
                segmentation.put("counts", mask.toCompressedString());
                entry.put("segmentation", segmentation);
            }
            try {
                out.write(entries == 0 ? "\n" : ",\n");
                out.write(JSON.writeValueAsString(entry));
                entries++;
            } catch (IOException e) {
                throw cannotWrite(file, e);
            }
        }

        /** Entries written so far. */
        public int entries() {
            return entries;
        }

        /** Ends the JSON array and closes the file. */
        @Override
        public void close() {
            try (BufferedWriter w = out) {
                w.write("\n]\n");
            } catch (IOException e) {
                throw cannotWrite(file, e);
            }
        }

        private static ScdaException cannotWrite(Path file, IOException e) {
            return new ScdaException(file + ": cannot write detections: " + e.getMessage(), e);
        }
    }
}
