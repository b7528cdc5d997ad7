package org.scda.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.SkipReport;

/** Small hand-made datasets and detections for evaluator tests. */
final class Fixtures {
    static final List<String> CLASSES = List.of("car", "person", "bike");
    static final int CAR = 0;
    static final int PERSON = 1;
    static final int BIKE = 2;

    private Fixtures() {
    }

    static ObjectAnnotation gt(int classId, double x1, double y1, double x2, double y2) {
        return new ObjectAnnotation(new BoundingBox(x1, y1, x2, y2), classId, false);
    }

    static ObjectAnnotation ignored(int classId, double x1, double y1, double x2, double y2) {
        return new ObjectAnnotation(new BoundingBox(x1, y1, x2, y2), classId, true);
    }

    static DetectionSample image(long id, ObjectAnnotation... objects) {
        return new DetectionSample(id, Path.of("img" + id + ".png"), 200, 100, List.of(objects));
    }

    static DetectionDataset dataset(DetectionSample... samples) {
        return new DetectionDataset("test", CLASSES, List.of(samples), true, SkipReport.empty());
    }

    static Detection det(long imageId, int classId, double score, double x1, double y1, double x2, double y2) {
        return new Detection(imageId, classId, new BoundingBox(x1, y1, x2, y2), score);
    }

    /** The detection {@code d} exactly on the box of {@code o}. */
    static Detection on(long imageId, ObjectAnnotation o, double score) {
        return new Detection(imageId, o.classId(), o.box(), score);
    }

    static List<Detection> list(Detection... detections) {
        return new ArrayList<>(List.of(detections));
    }
}
