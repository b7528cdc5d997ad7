package org.scda.model;

import java.util.ArrayList;
import java.util.List;
import org.scda.data.BoundingBox;
import org.scda.data.Polygon;
import org.scda.model.mask.MaskTargets;

/**
 * Ground truth of one image in the network's input pixels.
 *
 * @param boxes    G*4 boxes {@code x1,y1,x2,y2}
 * @param labels   G model classes (dataset class + 1; 0 is background)
 * @param polygons the instance masks for the mask branch: empty (no mask ground truth) or G
 *                 entries, each the instance's polygons in input pixels
 */
public record ImageTargets(float[] boxes, int[] labels, List<List<Polygon>> polygons) {

    public ImageTargets {
        if (boxes.length != 4 * labels.length) {
            throw new IllegalArgumentException("boxes " + boxes.length + " != 4 x labels " + labels.length);
        }
        polygons = polygons.stream().map(List::copyOf).toList();
        if (!polygons.isEmpty() && polygons.size() != labels.length) {
            throw new IllegalArgumentException(polygons.size() + " polygon lists for " + labels.length + " instances");
        }
    }

    /** Boxes and labels without instance masks. */
    public ImageTargets(float[] boxes, int[] labels) {
        this(boxes, labels, List.of());
    }

    /** The same targets with each box as its instance's mask (benchmarks, synthetic inputs). */
    public ImageTargets withBoxesAsMasks() {
        List<List<Polygon>> masks = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            masks.add(MaskTargets.boxAsPolygon(new BoundingBox(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2],
                    boxes[4 * i + 3])));
        }
        return new ImageTargets(boxes, labels, masks);
    }

    public int size() {
        return labels.length;
    }

    /** Whether every instance has its mask polygons (an image without instances has them trivially). */
    public boolean hasMasks() {
        return polygons.size() == labels.length;
    }
}
