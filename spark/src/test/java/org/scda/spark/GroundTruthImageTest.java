package org.scda.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;

class GroundTruthImageTest {

    @Test
    void survivesSerialisationAsTheSampleItCameFrom() throws Exception {
        DetectionSample sample = new DetectionSample(42, Path.of("val/img_0042.png"), 256, 128, List.of(
                new ObjectAnnotation(new BoundingBox(1.5, 2, 30.25, 40), 2, false),
                new ObjectAnnotation(new BoundingBox(0, 0, 256, 60), 0, true)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(GroundTruthImage.of(sample));
        }
        GroundTruthImage back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (GroundTruthImage) in.readObject();
        }
        assertThat(back.toSample()).isEqualTo(sample);
    }

    @Test
    void aDetectionIsScoredAsScdaEvalReadsItBack() {
        // 0.2 + (0.9 - 0.2) is 0.8999999999999999: the results file's [x, y, w, h] moves y2
        org.scda.data.Detection d = new org.scda.data.Detection(0, 1, new BoundingBox(0.1, 0.2, 0.7, 0.9), 0.5);
        org.scda.data.Detection back = DetectPartition.asReadBack(9, d, 3);
        assertThat(back.imageId()).isEqualTo(9);
        assertThat(back.classId()).isEqualTo(3);
        assertThat(back.box().y2()).isEqualTo(0.8999999999999999).isNotEqualTo(0.9);
    }
}
