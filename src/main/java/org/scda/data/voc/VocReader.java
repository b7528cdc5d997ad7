package org.scda.data.voc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads a Pascal VOC style folder: {@code DIR/ImageSets/Main/NAME.txt} lists image ids (one a
 * line, extra columns ignored), {@code DIR/Annotations/ID.xml} holds the labels and
 * {@code DIR/JPEGImages/ID.jpg} the image. Without a split name every XML in
 * {@code Annotations} is read, sorted by name.
 *
 * <ul>
 *   <li>Boxes: VOC's 1-based inclusive pixel boxes become 0-based continuous ones, once:
 *       {@code (xmin - 1, ymin - 1, xmax, ymax)}. Clipped to the image (counted); zero-area
 *       boxes dropped (counted).</li>
 *   <li>{@code difficult = 1} becomes the ignore flag (not counted as a positive by voc_eval).</li>
 *   <li>Classes: every {@code name} found, sorted; there is no unknown class here. Choose
 *       classes with {@code ?classes=} ({@link org.scda.data.ClassMapping}).</li>
 *   <li>Image size from {@code <size>}, checked against the image header when the image exists
 *       (a mismatch is an error naming the XML); when absent or zero, from the image header.</li>
 *   <li>Errors: a malformed XML names file and line; a missing XML listed in the split names
 *       the split file and line; a missing folder is a clear error.</li>
 * </ul>
 * Sample ids are 1, 2, ... in list order.
 */
public final class VocReader {
    static final String CLIPPED = "box outside the image, clipped";
    static final String ZERO_AREA = "zero-area box dropped";

    private VocReader() {
    }

    /**
     * Reads the split {@code splitOrNull} of {@code dir} (all annotations when null).
     *
     * @throws ScdaException       when a folder or listed file is missing
     * @throws DataFormatException when an XML is malformed or lacks a required field
     */
    public static DetectionDataset read(Path dir, String splitOrNull) {
        Path annotations = dir.resolve("Annotations");
        if (!Files.isDirectory(annotations)) {
            throw new ScdaException("VOC annotation folder not found: " + annotations);
        }
        Map<String, Path> xmlById = splitOrNull == null ? allXml(annotations) : listed(dir, annotations, splitOrNull);
        SafeXml xml = new SafeXml();
        SkipReport.Builder skips = new SkipReport.Builder();
        List<Parsed> parsed = new ArrayList<>();
        for (Map.Entry<String, Path> e : xmlById.entrySet()) {
            parsed.add(parse(xml.parse(e.getValue()), e.getValue(), dir.resolve("JPEGImages").resolve(e.getKey() + ".jpg")));
        }
        TreeSet<String> names = new TreeSet<>();
        parsed.forEach(p -> p.objects.forEach(o -> names.add(o.name)));
        List<String> classNames = List.copyOf(names);

        List<DetectionSample> samples = new ArrayList<>();
        long id = 1;
        for (Parsed p : parsed) {
            List<ObjectAnnotation> objects = new ArrayList<>();
            for (RawObject o : p.objects) {
                String where = p.xml.getFileName() + ": object " + o.index + " (" + o.name + ")";
                BoundingBox box = o.box;
                if (!box.isInside(p.width, p.height)) {
                    skips.add(CLIPPED, where + ": " + box);
                    box = box.clip(p.width, p.height);
                }
                if (box.isEmpty()) {
                    skips.add(ZERO_AREA, where);
                    continue;
                }
                objects.add(new ObjectAnnotation(box, classNames.indexOf(o.name), o.difficult));
            }
            samples.add(new DetectionSample(id++, p.image, p.width, p.height, objects));
        }
        return new DetectionDataset(dir.toString(), classNames, samples, true, skips.build());
    }

    private static Map<String, Path> allXml(Path annotations) {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(annotations)) {
            files.filter(f -> f.getFileName().toString().endsWith(".xml"))
                    .forEach(f -> out.put(stem(f), f));
        } catch (IOException e) {
            throw new ScdaException("cannot list " + annotations + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Map<String, Path> listed(Path dir, Path annotations, String split) {
        Path list = dir.resolve("ImageSets").resolve("Main").resolve(split + ".txt");
        if (!Files.isRegularFile(list)) {
            throw new ScdaException("VOC split file not found: " + list);
        }
        Map<String, Path> out = new java.util.LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(list);
        } catch (IOException e) {
            throw new ScdaException("cannot read " + list + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String id = line.split("\\s+")[0];
            Path xml = annotations.resolve(id + ".xml");
            if (!Files.isRegularFile(xml)) {
                throw new DataFormatException(list, i + 1, "lists '" + id + "' but " + xml + " does not exist");
            }
            out.put(id, xml);
        }
        return out;
    }

    private static Parsed parse(Document doc, Path xml, Path defaultImage) {
        Element root = doc.getDocumentElement();
        Path image = defaultImage;
        String fileName = text(root, "filename");
        if (!Files.exists(image) && fileName != null && Files.exists(defaultImage.resolveSibling(fileName))) {
            image = defaultImage.resolveSibling(fileName);
        }
        Element size = child(root, "size");
        int width = size == null ? 0 : integer(size, "width", xml);
        int height = size == null ? 0 : integer(size, "height", xml);
        if (width > 0 && height > 0) {
            ImageFiles.checkDeclaredSize(xml, "<size>", image, width, height);
        } else {
            try {
                ImageSize s = ImageFiles.size(image);
                width = s.width();
                height = s.height();
            } catch (UnreadableImageException e) {
                throw new DataFormatException(xml, "no <size> and the image size cannot be read: " + e.getMessage());
            }
        }
        Parsed p = new Parsed(xml, image, width, height);
        NodeList objects = root.getElementsByTagName("object");
        for (int i = 0; i < objects.getLength(); i++) {
            Element o = (Element) objects.item(i);
            String name = text(o, "name");
            if (name == null || name.isBlank()) {
                throw new DataFormatException(xml, "object " + (i + 1) + " has no <name>");
            }
            Element bb = child(o, "bndbox");
            if (bb == null) {
                throw new DataFormatException(xml, "object " + (i + 1) + " (" + name + ") has no <bndbox>");
            }
            double xmin = number(bb, "xmin", xml, i);
            double ymin = number(bb, "ymin", xml, i);
            double xmax = number(bb, "xmax", xml, i);
            double ymax = number(bb, "ymax", xml, i);
            String difficult = text(o, "difficult");
            BoundingBox box = xmax < xmin - 1 || ymax < ymin - 1
                    ? new BoundingBox(xmin - 1, ymin - 1, xmin - 1, ymin - 1)
                    : new BoundingBox(xmin - 1, ymin - 1, xmax, ymax);
            p.objects.add(new RawObject(i + 1, name.strip(), box, "1".equals(difficult == null ? null : difficult.strip())));
        }
        return p;
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String tag) {
        Element e = child(parent, tag);
        return e == null ? null : e.getTextContent();
    }

    private static int integer(Element parent, String tag, Path xml) {
        String t = text(parent, tag);
        try {
            return t == null ? 0 : (int) Math.round(Double.parseDouble(t.strip()));
        } catch (NumberFormatException e) {
            throw new DataFormatException(xml, "<" + tag + "> is not a number: '" + t.strip() + "'");
        }
    }

    private static double number(Element parent, String tag, Path xml, int objectIndex) {
        String t = text(parent, tag);
        if (t == null) {
            throw new DataFormatException(xml, "object " + (objectIndex + 1) + " has no <" + tag + ">");
        }
        try {
            double v = Double.parseDouble(t.strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DataFormatException(xml, "object " + (objectIndex + 1) + ": <" + tag + "> is not a number: '"
                    + t.strip() + "'");
        }
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        return n.substring(0, n.length() - ".xml".length());
    }

    private record RawObject(int index, String name, BoundingBox box, boolean difficult) {
    }

    private static final class Parsed {
        final Path xml;
        final Path image;
        final int width;
        final int height;
        final List<RawObject> objects = new ArrayList<>();

        Parsed(Path xml, Path image, int width, int height) {
            this.xml = xml;
            this.image = image;
            this.width = width;
            this.height = height;
        }
    }
}
