package org.scda.data.coco;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.scda.data.BoundingBox;
import org.scda.data.DataFormatException;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ImageFiles;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.data.SkipReport;
import org.scda.util.ScdaException;

/**
 * Reads a COCO instances JSON ({@code images}, {@code annotations}, {@code categories}) into a
 * {@link DetectionDataset}.
 *
 * <ul>
 *   <li>Images: {@code file_name} resolved against the images folder; width and height taken
 *       from the JSON and checked against the header of each image file that exists (a
 *       mismatch is an error naming the entry; pixels are not decoded, and a ground-truth JSON
 *       can be read without its images). Samples keep the JSON's order and image ids.</li>
 *   <li>Classes: categories sorted by category id become class ids 0, 1, ... (names kept).
 *       An annotation with an unknown category or image id is an error naming the file and
 *       the annotation id.</li>
 *   <li>Boxes from {@code bbox [x, y, w, h]}; a box reaching outside the image is clipped and a
 *       box with no area (after clipping) is dropped, both counted in the skip report.</li>
 *   <li>{@code iscrowd = 1} becomes an ignore region. Polygon segmentations are kept as
 *       {@link Polygon}s; an RLE segmentation keeps its box but no mask (counted).</li>
 *   <li>A file without an {@code annotations} key is an unlabelled image list
 *       ({@code labelled = false}).</li>
 * </ul>
 */
public final class CocoReader {
    static final String CLIPPED = "box outside the image, clipped";
    static final String ZERO_AREA = "zero-area box dropped";
    static final String RLE = "RLE mask not read as polygon";
    static final String BAD_POLYGON = "polygon with fewer than 3 points dropped";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CocoReader() {
    }

    /**
     * Reads {@code annotationJson}.
     *
     * @param annotationJson  the COCO instances file
     * @param imagesDirOrNull the folder {@code file_name} is relative to; null means the folder
     *                        next to the JSON named like its base name ({@code train.json} ->
     *                        {@code train/}) when it exists, else the JSON's own folder
     * @throws ScdaException       when the JSON is missing (a missing image is not an error here:
     *                             its absence shows when it is loaded and in {@code scda data stats},
     *                             so a ground-truth JSON can be read without its images)
     * @throws DataFormatException when the JSON is malformed (with its line) or inconsistent, or
     *                             an image's declared size differs from its file's header
     */
    public static DetectionDataset read(Path annotationJson, Path imagesDirOrNull) {
        if (!Files.isRegularFile(annotationJson)) {
            throw new ScdaException("COCO annotation file not found: " + annotationJson);
        }
        Path imagesDir = imagesDirOrNull != null ? imagesDirOrNull : defaultImagesDir(annotationJson);
        JsonNode root = parse(annotationJson);
        return new Parsing(annotationJson, imagesDir).dataset(root);
    }

    /** The images folder used when none is given: {@code DIR/NAME/} for {@code DIR/NAME.json}, else {@code DIR}. */
    public static Path defaultImagesDir(Path annotationJson) {
        Path parent = annotationJson.getParent() == null ? Path.of("") : annotationJson.getParent();
        String file = annotationJson.getFileName().toString();
        int dot = file.lastIndexOf('.');
        Path sibling = parent.resolve(dot > 0 ? file.substring(0, dot) : file);
        return Files.isDirectory(sibling) ? sibling : parent;
    }

    private static JsonNode parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = JSON.readTree(in);
            if (root == null || !root.isObject()) {
                throw new DataFormatException(file, "not a COCO file: expected a JSON object at the top");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr();
            throw new DataFormatException(file, Math.max(line, 0), "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ScdaException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** State of one read: the file for messages, the id maps, the skip counts. */
    private static final class Parsing {
        private final Path file;
        private final Path imagesDir;
        private final SkipReport.Builder skips = new SkipReport.Builder();

        Parsing(Path file, Path imagesDir) {
            this.file = file;
            this.imagesDir = imagesDir;
        }

        DetectionDataset dataset(JsonNode root) {
            TreeMap<Long, String> categories = categories(root.get("categories"));
            Map<Long, Integer> classIdOf = new HashMap<>();
            List<String> names = new ArrayList<>();
            categories.forEach((id, name) -> {
                classIdOf.put(id, names.size());
                names.add(name);
            });

            JsonNode images = root.get("images");
            if (images == null || !images.isArray()) {
                throw new DataFormatException(file, "not a COCO file: no \"images\" array");
            }
            Map<Long, ImageEntry> byId = new LinkedHashMap<>();
            for (JsonNode img : images) {
                ImageEntry entry = image(img);
                if (byId.put(entry.id, entry) != null) {
                    throw new DataFormatException(file, "image id " + entry.id + " appears twice");
                }
            }

            JsonNode annotations = root.get("annotations");
            boolean labelled = annotations != null && !annotations.isNull();
            if (labelled) {
                if (!annotations.isArray()) {
                    throw new DataFormatException(file, "\"annotations\" is not an array");
                }
                for (JsonNode ann : annotations) {
                    annotation(ann, byId, classIdOf);
                }
            }
            List<DetectionSample> samples = new ArrayList<>(byId.size());
            for (ImageEntry e : byId.values()) {
                samples.add(new DetectionSample(e.id, e.path, e.width, e.height, e.objects));
            }
            return new DetectionDataset(file.toString(), names, samples, labelled, skips.build());
        }

        private TreeMap<Long, String> categories(JsonNode node) {
            TreeMap<Long, String> byId = new TreeMap<>();
            if (node == null || node.isNull()) {
                return byId;
            }
            if (!node.isArray()) {
                throw new DataFormatException(file, "\"categories\" is not an array");
            }
            for (JsonNode c : node) {
                if (!c.path("id").canConvertToLong() || !c.path("id").isIntegralNumber() || !c.path("name").isTextual()) {
                    throw new DataFormatException(file, "category without an integer id and a name: " + c);
                }
                if (byId.put(c.get("id").asLong(), c.get("name").asText()) != null) {
                    throw new DataFormatException(file, "category id " + c.get("id").asLong() + " appears twice");
                }
            }
            return byId;
        }

        private ImageEntry image(JsonNode img) {
            JsonNode id = img.path("id");
            if (!id.isIntegralNumber()) {
                throw new DataFormatException(file, "image without an integer id: " + abbreviate(img));
            }
            JsonNode name = img.path("file_name");
            if (!name.isTextual() || name.asText().isEmpty()) {
                throw new DataFormatException(file, "image " + id.asLong() + " has no file_name");
            }
            JsonNode w = img.path("width");
            JsonNode h = img.path("height");
            if (!w.isIntegralNumber() || !h.isIntegralNumber() || w.asInt() <= 0 || h.asInt() <= 0) {
                throw new DataFormatException(file, "image " + id.asLong() + " (" + name.asText()
                        + ") needs positive integer width and height");
            }
            Path path = imagesDir.resolve(name.asText()).normalize();
            ImageFiles.checkDeclaredSize(file, "image " + id.asLong() + " (" + name.asText() + ")", path, w.asInt(), h.asInt());
            return new ImageEntry(id.asLong(), path, w.asInt(), h.asInt());
        }

        private void annotation(JsonNode ann, Map<Long, ImageEntry> images, Map<Long, Integer> classIdOf) {
            String annId = ann.has("id") ? ann.get("id").asText() : "(no id)";
            String where = file.getFileName() + ": annotation " + annId;
            ImageEntry image = images.get(ann.path("image_id").asLong(Long.MIN_VALUE));
            if (!ann.path("image_id").isIntegralNumber() || image == null) {
                throw new DataFormatException(file, "annotation " + annId + " refers to unknown image id "
                        + ann.path("image_id"));
            }
            Integer classId = classIdOf.get(ann.path("category_id").asLong(Long.MIN_VALUE));
            if (!ann.path("category_id").isIntegralNumber() || classId == null) {
                throw new DataFormatException(file, "annotation " + annId + " has unknown category id "
                        + ann.path("category_id") + " (categories: " + classIdOf.keySet() + ")");
            }
            List<Polygon> polygons = polygons(ann.get("segmentation"), annId, where);
            BoundingBox box = box(ann.get("bbox"), polygons, annId);
            if (box == null) {
                skips.add(ZERO_AREA, where + " in " + image.path.getFileName());
                return;
            }
            if (!box.isInside(image.width, image.height)) {
                skips.add(CLIPPED, where + " in " + image.path.getFileName() + ": " + box);
                box = box.clip(image.width, image.height);
            }
            if (box.isEmpty()) {
                skips.add(ZERO_AREA, where + " in " + image.path.getFileName());
                return;
            }
            boolean crowd = ann.path("iscrowd").asInt(0) != 0;
            image.objects.add(new ObjectAnnotation(box, classId, crowd, polygons));
        }

        /** The annotation's box; null for a negative size (dropped as zero-area). */
        private BoundingBox box(JsonNode bbox, List<Polygon> polygons, String annId) {
            if (bbox == null || bbox.isNull()) {
                if (polygons.isEmpty()) {
                    throw new DataFormatException(file, "annotation " + annId + " has neither bbox nor polygon");
                }
                BoundingBox b = polygons.get(0).bounds();
                for (Polygon p : polygons) {
                    BoundingBox q = p.bounds();
                    b = new BoundingBox(Math.min(b.x1(), q.x1()), Math.min(b.y1(), q.y1()),
                            Math.max(b.x2(), q.x2()), Math.max(b.y2(), q.y2()));
                }
                return b;
            }
            if (!bbox.isArray() || bbox.size() != 4) {
                throw new DataFormatException(file, "annotation " + annId + ": bbox must be [x, y, w, h], got " + bbox);
            }
            for (JsonNode v : bbox) {
                if (!v.isNumber()) {
                    throw new DataFormatException(file, "annotation " + annId + ": bbox must be numbers, got " + bbox);
                }
            }
            double w = bbox.get(2).asDouble();
            double h = bbox.get(3).asDouble();
            if (w < 0 || h < 0) {
                return null;
            }
            return BoundingBox.fromXywh(bbox.get(0).asDouble(), bbox.get(1).asDouble(), w, h);
        }

        private List<Polygon> polygons(JsonNode seg, String annId, String where) {
            List<Polygon> out = new ArrayList<>();
            if (seg == null || seg.isNull()) {
                return out;
            }
            if (seg.isObject()) {
                skips.add(RLE, where);
                return out;
            }
            if (!seg.isArray()) {
                throw new DataFormatException(file, "annotation " + annId + ": segmentation is neither polygons nor RLE");
            }
            for (JsonNode poly : seg) {
                if (!poly.isArray()) {
                    throw new DataFormatException(file, "annotation " + annId + ": segmentation polygon is not a list of numbers");
                }
                double[] xy = new double[poly.size()];
                for (int i = 0; i < xy.length; i++) {
                    if (!poly.get(i).isNumber()) {
                        throw new DataFormatException(file, "annotation " + annId + ": segmentation polygon has a non-number");
                    }
                    xy[i] = poly.get(i).asDouble();
                }
                if (xy.length < 6 || xy.length % 2 != 0) {
                    skips.add(BAD_POLYGON, where);
                } else {
                    out.add(new Polygon(xy));
                }
            }
            return out;
        }

        private static String abbreviate(JsonNode node) {
            String s = node.toString();
            return s.length() > 80 ? s.substring(0, 77) + "..." : s;
        }
    }

    private static final class ImageEntry {
        final long id;
        final Path path;
        final int width;
        final int height;
        final List<ObjectAnnotation> objects = new ArrayList<>();

        ImageEntry(long id, Path path, int width, int height) {
            this.id = id;
            this.path = path;
            this.width = width;
            this.height = height;
        }
    }
}
