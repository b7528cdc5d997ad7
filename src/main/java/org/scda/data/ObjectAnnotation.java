package org.scda.data;

import java.util.List;
import java.util.Objects;

/**
 * One labelled object of an image.
 *
 * @param box      its box, 0-based continuous pixels
 * @param classId  index into {@link DetectionDataset#classNames()} (0-based; the model adds 1,
 *                 keeping 0 for background)
 * @param ignore   true for crowd regions (COCO {@code iscrowd}, Cityscapes {@code *group}),
 *                 VOC {@code difficult} and KITTI {@code DontCare}: neither a positive to find
 *                 nor a false positive when found
 * @param polygons the instance mask as polygons, empty when the format has none
 */
public record ObjectAnnotation(BoundingBox box, int classId, boolean ignore, List<Polygon> polygons) {

    public ObjectAnnotation {
        Objects.requireNonNull(box, "box");
        if (classId < 0) {
            throw new IllegalArgumentException("class id must be >= 0, got " + classId);
        }
        polygons = List.copyOf(polygons);
    }

    public ObjectAnnotation(BoundingBox box, int classId, boolean ignore) {
        this(box, classId, ignore, List.of());
    }

    public boolean hasMask() {
        return !polygons.isEmpty();
    }
}
