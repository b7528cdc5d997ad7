package org.scda.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.scda.data.Polygon;
import org.scda.model.Losses;
import org.scda.model.mask.MaskBranch;
import org.scda.model.mask.MaskHead;
import org.scda.model.rpn.Proposals;
import org.scda.ops.BoxCoder;
import org.scda.ops.Scalars;

/**
 * Runs the RoI stage: choose RoIs (sampled against the ground truth when training with labels,
 * else the proposals), pool them, compute region features, class scores and deltas, and either
 * the two head losses or the final detections. With a {@link MaskBranch} (Mask R-CNN) the
 * foreground RoIs also train the mask head ({@code roi.mask}) and each detection gets its mask
 * probabilities. The blocks' parameters are owned by the model.
 */
public final class RoiHeads {
    private static final float BOX_BETA = 1f / 9;

    private final RoiPooler pooler;
    private final BoxHead boxHead;
    private final BoxPredictor predictor;
    private final BoxCoder coder;
    private final RoiTargets targets;
    private final DetectionPostProcessor postProcessor;
    private final MaskBranch maskBranch;

    /** The box-only RoI heads of Faster R-CNN. */
    public RoiHeads(RoiPooler pooler, BoxHead boxHead, BoxPredictor predictor, BoxCoder coder,
                    RoiTargets targets, DetectionPostProcessor postProcessor) {
        this(pooler, boxHead, predictor, coder, targets, postProcessor, null);
    }

    /**
     * @param maskBranch Mask R-CNN's mask branch, or null for box-only heads
     */
    public RoiHeads(RoiPooler pooler, BoxHead boxHead, BoxPredictor predictor, BoxCoder coder,
                    RoiTargets targets, DetectionPostProcessor postProcessor, MaskBranch maskBranch) {
        this.maskBranch = maskBranch;
        this.pooler = pooler;
        this.boxHead = boxHead;
        this.predictor = predictor;
        this.coder = coder;
        this.targets = targets;
        this.postProcessor = postProcessor;
    }

    /**
     * @param features  (1, C, Hf, Wf)
     * @param proposals the image's proposals (input pixels)
     * @param gtBoxes   G*4 ground truth, or null for unlabelled images and inference
     * @param gtLabels  model class (1..K-1) per ground-truth box, or null
     * @param gtPolygons each ground-truth instance's polygons in input pixels (needed with a mask
     *                  branch when training with ground truth), or null
     * @param training  with {@code gtBoxes}: sample RoIs and compute losses; without: features of
     *                  the proposals only; not training: detections (with mask probabilities
     *                  when there is a mask branch)
     */
    public RoiHeadsOutput forward(ParameterStore ps, NDArray features, Proposals proposals, float[] gtBoxes,
                                  int[] gtLabels, List<List<Polygon>> gtPolygons, int height, int width,
                                  boolean training, Random random) {
        NDManager m = features.getManager();
        float[] rois;
        int[] labels = null;
        float[] objectness;
        RoiTargets.Sample sample = null;
        if (training && gtBoxes != null) {
            sample = targets.sample(proposals.boxes(), gtBoxes, gtLabels, random);
            rois = sample.boxes();
            labels = sample.labels();
            objectness = new float[sample.size()];
            for (int i = 0; i < objectness.length; i++) {
                int c = sample.candidates()[i];
                objectness[i] = c < proposals.size() ? proposals.objectness()[c] : 1f;
            }
        } else {
            rois = proposals.boxes();
            objectness = proposals.objectness();
        }
        int r = rois.length / 4;
        if (r == 0) {
            ImageDetections none = maskBranch == null ? ImageDetections.empty()
                    : ImageDetections.empty().withMasks(new float[0], MaskHead.OUTPUT_SIZE);
            return new RoiHeadsOutput(rois, labels, objectness, null, null, null, training ? null : none, Map.of());
        }
        float[] withBatch = new float[5 * r];
        for (int i = 0; i < r; i++) {
            System.arraycopy(rois, 4 * i, withBatch, 5 * i + 1, 4);
        }
        NDArray pooled = pooler.pool(features, m.create(withBatch, new Shape(r, 5)));
        NDArray roiFeatures = boxHead.forward(ps, new NDList(pooled), training).singletonOrThrow();
        NDList predicted = predictor.forward(ps, new NDList(roiFeatures), training);
        NDArray logits = predicted.get(0);
        NDArray deltas = predicted.get(1);
        Map<String, NDArray> losses = new LinkedHashMap<>();
        ImageDetections detections = null;
        if (sample != null) {
            losses.putAll(losses(m, sample, logits, deltas));
            if (maskBranch != null) {
                if (gtPolygons == null || gtPolygons.size() != gtLabels.length) {
                    throw new IllegalArgumentException("the mask branch needs polygons for each of the "
                            + gtLabels.length + " ground-truth instances");
                }
                losses.put("roi.mask", maskBranch.loss(ps, features, sample.positiveBoxes(), sample.positiveLabels(),
                        sample.positiveMatchedGt(), gtPolygons, training));
            }
        } else if (!training) {
            detections = postProcessor.process(logits, deltas, rois, height, width);
            if (maskBranch != null) {
                detections = detections.size() == 0
                        ? detections.withMasks(new float[0], MaskHead.OUTPUT_SIZE)
                        : detections.withMasks(maskBranch.probabilities(ps, features, detections.boxes(),
                                detections.labels()), MaskHead.OUTPUT_SIZE);
            }
        }
        return new RoiHeadsOutput(rois, labels, objectness, roiFeatures, logits, deltas, detections, losses);
    }

    private Map<String, NDArray> losses(NDManager m, RoiTargets.Sample sample, NDArray logits, NDArray deltas) {
        int r = sample.size();
        int p = sample.numPositive();
        int k = (int) logits.getShape().get(1);
        long[] labels = new long[r];
        for (int i = 0; i < r; i++) {
            labels[i] = sample.labels()[i];
        }
        NDArray classifier = Losses.crossEntropy(logits, m.create(labels));
        NDArray boxReg;
        if (p > 0) {
            long[] index = new long[4 * p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < 4; j++) {
                    index[4 * i + j] = (long) i * 4 * k + 4L * sample.labels()[i] + j;
                }
            }
            NDArray positiveDeltas = deltas.reshape(-1).get(m.create(index)).reshape(p, 4);
            float[] positiveRois = java.util.Arrays.copyOf(sample.boxes(), 4 * p);
            float[] matched = java.util.Arrays.copyOf(sample.matchedBoxes(), 4 * p);
            NDArray target = coder.encode(m.create(matched, new Shape(p, 4)), m.create(positiveRois, new Shape(p, 4)));
            boxReg = Scalars.div(Losses.smoothL1Sum(positiveDeltas, target, BOX_BETA), r);
        } else {
            boxReg = Scalars.mul(deltas.sum(), 0f);
        }
        Map<String, NDArray> losses = new LinkedHashMap<>();
        losses.put("roi.classifier", classifier);
        losses.put("roi.box_reg", boxReg);
        return losses;
    }

    /** Whether the heads include the mask branch. */
    public boolean hasMaskBranch() {
        return maskBranch != null;
    }

    /** The region feature dimension d. */
    public int featureDim() {
        return boxHead.dim();
    }
}
