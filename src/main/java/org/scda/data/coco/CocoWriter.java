package org.scda.data.coco;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.scda.data.BoundingBox;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.util.ScdaException;

/**
 * Writes a {@link DetectionDataset} as COCO instances JSON, the inverse of {@link CocoReader}:
 * {@code file_name} relative to the images folder (with {@code /} separators), category id =
 * class id + 1, image ids kept, annotation ids 1, 2, ... in sample order, {@code bbox [x, y, w,
 * h]}, polygons as {@code segmentation}, {@code iscrowd} from the ignore flag, {@code area} the
 * polygon area when there is a mask, else the box area. An unlabelled dataset is written
 * without an {@code annotations} key so that it reads back as unlabelled.
 */
public final class CocoWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CocoWriter() {
    }

    /**
     * Writes {@code ds} to {@code annotationJson}, creating its folder.
     *
     * @param imagesDir the folder {@code file_name} is made relative to; images outside it get
     *                  a {@code ../} path
     * @throws ScdaException when the file cannot be written
     */
    public static void write(DetectionDataset ds, Path annotationJson, Path imagesDir) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("info").put("description", ds.name());
        ArrayNode images = root.putArray("images");
        Path base = imagesDir.toAbsolutePath().normalize();
        for (DetectionSample s : ds.samples()) {
            String rel = base.relativize(s.image().toAbsolutePath().normalize()).toString().replace('\\', '/');
            images.addObject()
                    .put("id", s.id())
                    .put("file_name", rel)
                    .put("width", s.width())
                    .put("height", s.height());
        }
        ArrayNode categories = root.putArray("categories");
        for (int c = 0; c < ds.numClasses(); c++) {
            categories.addObject().put("id", c + 1).put("name", ds.classNames().get(c)).put("supercategory", "object");
        }
        if (ds.labelled()) {
            ArrayNode annotations = root.putArray("annotations");
            long annId = 1;
            for (DetectionSample s : ds.samples()) {
                for (ObjectAnnotation o : s.objects()) {
                    annotations.add(annotation(annId++, s.id(), o));
                }
            }
        }
        try {
            Path parent = annotationJson.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            JSON.writeValue(annotationJson.toFile(), root);
        } catch (IOException e) {
            throw new ScdaException("cannot write " + annotationJson + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode annotation(long id, long imageId, ObjectAnnotation o) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id).put("image_id", imageId).put("category_id", o.classId() + 1);
        BoundingBox b = o.box();
        ArrayNode bbox = a.putArray("bbox");
        for (double v : b.toXywh()) {
            bbox.add(v);
        }
        ArrayNode seg = a.putArray("segmentation");
        double area = 0;
        for (Polygon p : o.polygons()) {
            ArrayNode poly = seg.addArray();
            for (double v : p.coordinates()) {
                poly.add(v);
            }
            area += p.area();
        }
        a.put("area", o.hasMask() ? area : b.area());
        a.put("iscrowd", o.ignore() ? 1 : 0);
        return a;
    }
}
