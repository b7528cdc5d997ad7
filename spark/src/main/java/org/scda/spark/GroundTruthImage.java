package org.scda.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.scda.data.BoundingBox;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;

/**
 * One ground-truth image as shipped to an executor for matching: what the evaluators read of a
 * {@link DetectionSample} (id, size, boxes, classes, ignore flags), in a serializable form.
 * Polygons stay behind: the job scores boxes.
 *
 * @param id       the image id
 * @param fileName the ground truth's file name for the image
 * @param width    width in pixels
 * @param height   height in pixels
 * @param boxes    per object x1, y1, x2, y2
 * @param classIds per object its class id
 * @param ignore   per object whether it is an ignore region
 */
public record GroundTruthImage(long id, String fileName, int width, int height, double[] boxes, int[] classIds,
                               boolean[] ignore) implements Serializable {

    /** The serializable form of {@code sample}. */
    public static GroundTruthImage of(DetectionSample sample) {
        int n = sample.objects().size();
        double[] boxes = new double[4 * n];
        int[] classIds = new int[n];
        boolean[] ignore = new boolean[n];
        for (int i = 0; i < n; i++) {
            ObjectAnnotation o = sample.objects().get(i);
            boxes[4 * i] = o.box().x1();
            boxes[4 * i + 1] = o.box().y1();
            boxes[4 * i + 2] = o.box().x2();
            boxes[4 * i + 3] = o.box().y2();
            classIds[i] = o.classId();
            ignore[i] = o.ignore();
        }
        return new GroundTruthImage(sample.id(), sample.image().toString(), sample.width(), sample.height(), boxes,
                classIds, ignore);
    }

    /** The sample again, with the same objects in the same order (without polygons). */
    public DetectionSample toSample() {
        List<ObjectAnnotation> objects = new ArrayList<>(classIds.length);
        for (int i = 0; i < classIds.length; i++) {
            objects.add(new ObjectAnnotation(new BoundingBox(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2],
                    boxes[4 * i + 3]), classIds[i], ignore[i]));
        }
        return new DetectionSample(id, Path.of(fileName), width, height, objects);
    }
}
