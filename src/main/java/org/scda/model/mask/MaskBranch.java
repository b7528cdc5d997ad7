package org.scda.model.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.scda.data.Polygon;
import org.scda.ops.HostTensors;
import org.scda.ops.RoiAlign;
import org.scda.ops.Scalars;

/**
 * The mask branch as the RoI stage runs it: RoIAlign 14x14 of the backbone features for the
 * given boxes, then {@link MaskHead}. Training scores the foreground RoIs against their matched
 * instance's polygons ({@link MaskTargets}); inference gives each detection the mask
 * probabilities of its class. The head's parameters are owned by the detector.
 */
public final class MaskBranch {
    private final RoiAlign align;
    private final MaskHead head;

    /**
     * @param head          the mask head (its parameters are a child of the detector)
     * @param stride        backbone stride (RoIAlign scale 1/stride)
     * @param samplingRatio RoIAlign samples per bin side (0 adaptive)
     */
    public MaskBranch(MaskHead head, int stride, int samplingRatio) {
        this.head = head;
        this.align = new RoiAlign(MaskHead.INPUT_SIZE, MaskHead.INPUT_SIZE, 1f / stride, samplingRatio, true);
    }

    /**
     * Mask logits of boxes.
     *
     * @param features (1, C, Hf, Wf)
     * @param boxes    R*4 boxes in input pixels, R at least 1
     * @return (R, K, 28, 28)
     */
    public NDArray logits(ParameterStore ps, NDArray features, float[] boxes, boolean training) {
        int r = boxes.length / 4;
        float[] withBatch = new float[5 * r];
        for (int i = 0; i < r; i++) {
            System.arraycopy(boxes, 4 * i, withBatch, 5 * i + 1, 4);
        }
        return head.logits(ps, align.forward(features, withBatch), training);
    }

    /**
     * The {@code roi.mask} loss of one image's foreground RoIs.
     *
     * @param features         (1, C, Hf, Wf)
     * @param positiveBoxes    P*4 foreground RoIs in input pixels (P may be 0)
     * @param positiveLabels   P model classes (the matched instances' classes)
     * @param matchedGt        P indexes into {@code instancePolygons}
     * @param instancePolygons each ground-truth instance's polygons in input pixels
     * @return a scalar; with no foreground RoI a zero that still depends on the head
     */
    public NDArray loss(ParameterStore ps, NDArray features, float[] positiveBoxes, int[] positiveLabels,
                        int[] matchedGt, List<List<Polygon>> instancePolygons, boolean training) {
        int p = positiveLabels.length;
        if (p == 0) {
            NDArray logits = logits(ps, features, new float[] {0, 0, 1, 1}, training);
            return Scalars.mul(logits.sum(), 0f);
        }
        NDArray logits = logits(ps, features, positiveBoxes, training);
        int m = MaskHead.OUTPUT_SIZE;
        float[] targets = MaskTargets.rasterize(positiveBoxes, matchedGt, instancePolygons, m);
        NDArray target = HostTensors.floats(features.getManager(), targets, new Shape(p, m, m));
        return MaskHead.loss(logits, positiveLabels, target);
    }

    /**
     * Inference: the mask probabilities of each detection's class.
     *
     * @param boxes  D*4 detection boxes in input pixels, D at least 1
     * @param labels D model classes
     * @return D*28*28 probabilities, detection-major then row-major
     */
    public float[] probabilities(ParameterStore ps, NDArray features, float[] boxes, int[] labels) {
        NDArray logits = logits(ps, features, boxes, false);
        return MaskHead.probabilities(logits, labels).toFloatArray();
    }

    public MaskHead head() {
        return head;
    }
}
