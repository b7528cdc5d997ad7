package org.scda.data.cityscapes;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
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
 * Reads Cityscapes detection labels from {@code DIR/gtFine/{split}/{city}/*_gtFine_polygons.json}
 * with images {@code DIR/leftImg8bit/{split}/{city}/{base}_leftImg8bit.png}, or for Foggy
 * Cityscapes {@code DIR/leftImg8bit_foggy/{split}/{city}/{base}_leftImg8bit_foggy_beta_{beta}.png}
 * (same labels).
 *
 * <ul>
 *   <li>Classes: the 8 detection classes {@link #CLASSES}, in that order.</li>
 *   <li>Boxes are the <b>polygon extent</b>: min and max of the vertex coordinates, taken as
 *       continuous 0-based points (no +1). Some codebases use the instance-mask extent instead,
 *       which can differ by a pixel. The polygons are kept as the instance mask.</li>
 *   <li>{@code *group} labels (e.g. {@code cargroup}) become ignore (crowd) regions of their base
 *       class.</li>
 *   <li>Labels that are not detection classes (road, sky, ...) are skipped and counted, as are
 *       {@code deleted} objects, polygons of fewer than 3 points, clipped boxes and zero-area
 *       boxes.</li>
 *   <li>An annotation whose image file is missing is skipped and counted (a partial download
 *       of the foggy images shows up in {@code scda data stats}).</li>
 *   <li>Image size from {@code imgWidth}/{@code imgHeight}, checked against the image file's
 *       header (a mismatch is an error naming the annotation); pixels are not decoded.</li>
 * </ul>
 * Samples are sorted by city and file name; ids are 1, 2, ... in that order.
 */
public final class CityscapesReader {
    /** The 8 detection classes of the domain-adaptation literature. */
    public static final List<String> CLASSES =
            List.of("person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle");
    /** The fog densities Foggy Cityscapes is distributed with. */
    public static final Set<String> FOG_BETAS = Set.of("0.005", "0.01", "0.02");

    static final String NOT_DETECTION = "label not one of the 8 detection classes";
    static final String DELETED = "deleted object";
    static final String BAD_POLYGON = "polygon with fewer than 3 points";
    static final String CLIPPED = "box outside the image, clipped";
    static final String ZERO_AREA = "zero-area box dropped";
    static final String NO_IMAGE = "image file missing, annotation skipped";

    private static final String SUFFIX = "_gtFine_polygons.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CityscapesReader() {
    }

    /** Reads {@code split} (train, val, test) of a Cityscapes folder. */
    public static DetectionDataset read(Path dir, String split) {
        return read(dir, split, base -> Path.of("leftImg8bit", split).resolve(base + "_leftImg8bit.png"));
    }

    /**
     * Reads {@code split} of Foggy Cityscapes at fog density {@code beta}, one of
     * {@link #FOG_BETAS}.
     *
     * @throws IllegalArgumentException for another beta
     */
    public static DetectionDataset readFoggy(Path dir, String split, String beta) {
        if (!FOG_BETAS.contains(beta)) {
            throw new IllegalArgumentException("Foggy Cityscapes beta must be one of 0.005, 0.01, 0.02, got '" + beta + "'");
        }
        return read(dir, split, base -> Path.of("leftImg8bit_foggy", split)
                .resolve(base + "_leftImg8bit_foggy_beta_" + beta + ".png"));
    }

    /** Where the image of one annotation lies, relative to the dataset folder. */
    private interface ImageLocator {
        /** @param cityBase {@code city/base}, e.g. {@code aachen/aachen_000000_000019} */
        Path relative(String cityBase);
    }

    private static DetectionDataset read(Path dir, String split, ImageLocator images) {
        Path labels = dir.resolve("gtFine").resolve(split);
        if (!Files.isDirectory(labels)) {
            throw new ScdaException("Cityscapes label folder not found: " + labels);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(labels, 2)) {
            files = walk.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new ScdaException("cannot list " + labels + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new ScdaException("no *" + SUFFIX + " files under " + labels);
        }
        SkipReport.Builder skips = new SkipReport.Builder();
        List<DetectionSample> samples = new ArrayList<>();
        long id = 1;
        for (Path f : files) {
            String name = f.getFileName().toString();
            String cityBase = labels.relativize(f.getParent()).resolve(name.substring(0, name.length() - SUFFIX.length()))
                    .toString();
            Path image = dir.resolve(images.relative(cityBase));
            if (!Files.isRegularFile(image)) {
                skips.add(NO_IMAGE, image.toString());
                continue;
            }
            samples.add(sample(id++, f, image, skips));
        }
        return new DetectionDataset(dir.toString(), CLASSES, samples, true, skips.build());
    }

    private static DetectionSample sample(long id, Path file, Path image, SkipReport.Builder skips) {
        JsonNode root = parse(file);
        JsonNode w = root.path("imgWidth");
        JsonNode h = root.path("imgHeight");
        if (!w.isIntegralNumber() || !h.isIntegralNumber() || w.asInt() <= 0 || h.asInt() <= 0) {
            throw new DataFormatException(file, "needs positive integer imgWidth and imgHeight");
        }
        int width = w.asInt();
        int height = h.asInt();
        ImageFiles.checkDeclaredSize(file, "imgWidth x imgHeight", image, width, height);
        JsonNode objects = root.path("objects");
        if (!objects.isArray()) {
            throw new DataFormatException(file, "has no \"objects\" array");
        }
        List<ObjectAnnotation> out = new ArrayList<>();
        int index = 0;
        for (JsonNode o : objects) {
            index++;
            String label = o.path("label").asText("");
            String where = file.getFileName() + ": object " + index + " (" + label + ")";
            if (o.path("deleted").asInt(0) != 0) {
                skips.add(DELETED, where);
                continue;
            }
            boolean group = label.endsWith("group");
            int classId = CLASSES.indexOf(group ? label.substring(0, label.length() - "group".length()) : label);
            if (classId < 0) {
                skips.add(NOT_DETECTION, where);
                continue;
            }
            Polygon polygon = polygon(o.path("polygon"), file, index);
            if (polygon == null) {
                skips.add(BAD_POLYGON, where);
                continue;
            }
            BoundingBox box = polygon.bounds();
            if (!box.isInside(width, height)) {
                skips.add(CLIPPED, where + ": " + box);
                box = box.clip(width, height);
            }
            if (box.isEmpty()) {
                skips.add(ZERO_AREA, where);
                continue;
            }
            out.add(new ObjectAnnotation(box, classId, group, List.of(polygon)));
        }
        return new DetectionSample(id, image, width, height, out);
    }

    /** The polygon of one object; null when it has fewer than 3 points. */
    private static Polygon polygon(JsonNode points, Path file, int index) {
        if (!points.isArray()) {
            throw new DataFormatException(file, "object " + index + " has no \"polygon\" list");
        }
        double[] xy = new double[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
            JsonNode p = points.get(i);
            if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                throw new DataFormatException(file, "object " + index + ": polygon point " + (i + 1)
                        + " is not [x, y]: " + p);
            }
            xy[2 * i] = p.get(0).asDouble();
            xy[2 * i + 1] = p.get(1).asDouble();
        }
        return points.size() < 3 ? null : new Polygon(xy);
    }

    private static JsonNode parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = JSON.readTree(in);
            if (root == null || !root.isObject()) {
                throw new DataFormatException(file, "expected a JSON object with imgWidth, imgHeight, objects");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new DataFormatException(file, loc == null ? 0 : Math.max(loc.getLineNr(), 0),
                    "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ScdaException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
