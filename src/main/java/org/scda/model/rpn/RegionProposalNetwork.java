package org.scda.model.rpn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.scda.model.Losses;
import org.scda.ops.AnchorGenerator;
import org.scda.ops.BoxCoder;
import org.scda.ops.Scalars;

/**
 * Runs the RPN stage: head, anchors, proposals, and (with ground truth) the anchor targets
 * and the two RPN losses. The head's parameters are owned by the enclosing model.
 */
public final class RegionProposalNetwork {
    /** torchvision's smooth-L1 beta for the RPN. */
    private static final float BOX_BETA = 1f / 9;

    private final RpnHead head;
    private final AnchorGenerator anchorGenerator;
    private final BoxCoder coder;
    private final ProposalGenerator trainProposals;
    private final ProposalGenerator testProposals;
    private final AnchorTargets targets;
    private final Map<Long, float[]> anchorCache = new java.util.concurrent.ConcurrentHashMap<>();

    public RegionProposalNetwork(RpnHead head, AnchorGenerator anchorGenerator, BoxCoder coder,
                                 ProposalGenerator trainProposals, ProposalGenerator testProposals,
                                 AnchorTargets targets) {
        this.head = head;
        this.anchorGenerator = anchorGenerator;
        this.coder = coder;
        this.trainProposals = trainProposals;
        this.testProposals = testProposals;
        this.targets = targets;
    }

    /**
     * @param features (1, C, Hf, Wf)
     * @param height   input image height in pixels
     * @param width    input image width in pixels
     * @param gtBoxes  G*4 ground truth in input pixels, or null (no losses)
     * @param training selects the train or test top-N and BatchNorm mode
     * @param random   drives the anchor sampling
     */
    public RpnOutput forward(ParameterStore ps, NDArray features, int height, int width, float[] gtBoxes,
                             boolean training, Random random) {
        NDList out = head.forward(ps, new NDList(features), training);
        NDArray objectnessMap = out.get(0);
        NDArray deltasMap = out.get(1);
        Shape s = objectnessMap.getShape();
        int a = (int) s.get(1);
        int fh = (int) s.get(2);
        int fw = (int) s.get(3);
        // (1, A, H, W) -> (H*W*A): location-major, anchor fastest, like the anchor generator.
        NDArray logits = objectnessMap.transpose(0, 2, 3, 1).reshape(-1);
        NDArray deltas = deltasMap.reshape(1, a, 4, fh, fw).transpose(0, 3, 4, 1, 2).reshape(-1, 4);
        float[] anchors = anchorCache.computeIfAbsent(((long) fh << 32) | fw, k -> anchorGenerator.anchors(fh, fw));
        float[] hostLogits = logits.toFloatArray();
        Proposals proposals = (training ? trainProposals : testProposals)
                .generate(hostLogits, deltas.toFloatArray(), anchors, height, width);
        Map<String, NDArray> losses = new LinkedHashMap<>();
        if (gtBoxes != null) {
            losses.putAll(losses(logits, deltas, anchors, gtBoxes, random));
        }
        return new RpnOutput(proposals, anchors, losses);
    }

    private Map<String, NDArray> losses(NDArray logits, NDArray deltas, float[] anchors, float[] gtBoxes, Random random) {
        NDManager m = logits.getManager();
        AnchorTargets.Sample sample = targets.assign(anchors, gtBoxes, random);
        int[] all = sample.all();
        int p = sample.positive().length;
        float[] labels = new float[all.length];
        java.util.Arrays.fill(labels, 0, p, 1f);
        NDArray objectnessLoss = Losses.binaryCrossEntropyWithLogits(
                logits.get(m.create(toLong(all))), m.create(labels));
        NDArray boxLoss;
        if (p > 0) {
            float[] positiveAnchors = new float[4 * p];
            for (int i = 0; i < p; i++) {
                System.arraycopy(anchors, 4 * sample.positive()[i], positiveAnchors, 4 * i, 4);
            }
            NDArray target = coder.encode(m.create(sample.matchedBoxes(), new Shape(p, 4)),
                    m.create(positiveAnchors, new Shape(p, 4)));
            boxLoss = Scalars.div(Losses.smoothL1Sum(deltas.get(m.create(toLong(sample.positive()))), target,
                    BOX_BETA), Math.max(1, all.length));
        } else {
            boxLoss = Scalars.mul(deltas.sum(), 0f);
        }
        Map<String, NDArray> losses = new LinkedHashMap<>();
        losses.put("rpn.objectness", objectnessLoss);
        losses.put("rpn.box_reg", boxLoss);
        return losses;
    }

    static long[] toLong(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Anchors per feature location. */
    public int anchorsPerLocation() {
        return anchorGenerator.numAnchorsPerLocation();
    }
}
