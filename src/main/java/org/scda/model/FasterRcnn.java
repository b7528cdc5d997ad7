package org.scda.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.scda.config.ModelConfig;
import org.scda.config.RoiConfig;
import org.scda.config.RpnConfig;
import org.scda.model.mask.MaskBranch;
import org.scda.model.mask.MaskHead;
import org.scda.model.roi.BoxHead;
import org.scda.model.roi.BoxPredictor;
import org.scda.model.roi.DetectionPostProcessor;
import org.scda.model.roi.RoiHeads;
import org.scda.model.roi.RoiHeadsOutput;
import org.scda.model.roi.RoiPooler;
import org.scda.model.roi.RoiTargets;
import org.scda.model.rpn.AnchorTargets;
import org.scda.model.rpn.ProposalGenerator;
import org.scda.model.rpn.RegionProposalNetwork;
import org.scda.model.rpn.RpnHead;
import org.scda.model.rpn.RpnOutput;
import org.scda.ops.AnchorGenerator;
import org.scda.ops.BoxCoder;

/**
 * Faster R-CNN as a composition of its stages: backbone, region proposal network, RoI heads.
 * It owns the parameters of all stages (children {@code backbone}, {@code rpn_head},
 * {@code box_head}, {@code box_predictor}, and {@code mask_head} for Mask R-CNN) so one
 * {@code saveParameters} holds them all.
 * Use {@link #forward(ParameterStore, NDArray, ImageTargets, boolean, Random)}; the block's
 * {@code NDList} forward returns only the backbone features.
 */
public final class FasterRcnn extends AbstractBlock {
    private final Backbone backbone;
    private final RpnHead rpnHead;
    private final BoxHead boxHead;
    private final BoxPredictor boxPredictor;
    private final RegionProposalNetwork rpn;
    private final RoiHeads roiHeads;
    private final int poolSize;
    private final MaskHead maskHead;

    /** Wires the stages of a box-only detector built elsewhere; {@link #create} builds them from a config. */
    public FasterRcnn(Backbone backbone, RpnHead rpnHead, BoxHead boxHead, BoxPredictor boxPredictor,
                      RegionProposalNetwork rpn, RoiHeads roiHeads, int poolSize) {
        this(backbone, rpnHead, boxHead, boxPredictor, null, rpn, roiHeads, poolSize);
    }

    /**
     * Wires stages built elsewhere.
     *
     * @param maskHead the mask head whose parameters the model owns (child {@code mask_head}),
     *                 or null for Faster R-CNN; {@code roiHeads} must run it through its
     *                 {@link MaskBranch}
     */
    public FasterRcnn(Backbone backbone, RpnHead rpnHead, BoxHead boxHead, BoxPredictor boxPredictor,
                      MaskHead maskHead, RegionProposalNetwork rpn, RoiHeads roiHeads, int poolSize) {
        if ((maskHead != null) != roiHeads.hasMaskBranch()) {
            throw new IllegalArgumentException("a mask head needs RoI heads with a mask branch, and vice versa");
        }
        this.backbone = backbone;
        this.rpnHead = addChildBlock("rpn_head", rpnHead);
        this.boxHead = addChildBlock("box_head", boxHead);
        this.boxPredictor = addChildBlock("box_predictor", boxPredictor);
        addChildBlock("backbone", backbone.block());
        // added last so a box-only checkpoint's parameters keep their order and names
        this.maskHead = maskHead == null ? null : addChildBlock("mask_head", maskHead);
        this.rpn = rpn;
        this.roiHeads = roiHeads;
        this.poolSize = poolSize;
    }

    /**
     * Builds the detector: Faster R-CNN, or Mask R-CNN when {@code config.mask()}.
     *
     * @param config     architecture
     * @param numClasses dataset classes (the model adds background)
     */
    public static FasterRcnn create(ModelConfig config, int numClasses) {
        Backbone backbone = Backbones.create(config.backbone(), config.backboneWidth());
        AnchorGenerator anchors = new AnchorGenerator(config.anchors().sizesArray(), config.anchors().ratiosArray(),
                backbone.stride());
        RpnConfig r = config.rpn();
        BoxCoder rpnCoder = new BoxCoder(1f, 1f, 1f, 1f);
        RpnHead rpnHead = new RpnHead(backbone.outChannels(), anchors.numAnchorsPerLocation());
        RegionProposalNetwork rpn = new RegionProposalNetwork(rpnHead, anchors, rpnCoder,
                new ProposalGenerator(rpnCoder, r.preNmsTopNTrain(), r.postNmsTopNTrain(), r.nmsThreshold(), r.minSize()),
                new ProposalGenerator(rpnCoder, r.preNmsTopNTest(), r.postNmsTopNTest(), r.nmsThreshold(), r.minSize()),
                new AnchorTargets(r.fgIouThreshold(), r.bgIouThreshold(), r.batchSizePerImage(), r.positiveFraction()));
        RoiConfig c = config.roi();
        BoxCoder roiCoder = new BoxCoder(10f, 10f, 5f, 5f);
        BoxHead boxHead = new BoxHead(c.headDim());
        BoxPredictor predictor = new BoxPredictor(numClasses + 1);
        MaskHead maskHead = config.mask() ? new MaskHead(numClasses + 1, config.maskHeadChannels()) : null;
        RoiHeads roiHeads = new RoiHeads(
                RoiPooler.create(c.pooler(), c.poolSize(), backbone.stride(), c.samplingRatio()),
                boxHead, predictor, roiCoder,
                new RoiTargets(c.fgIouThreshold(), c.bgIouThreshold(), c.batchSizePerImage(), c.positiveFraction()),
                new DetectionPostProcessor(roiCoder, c.scoreThreshold(), c.nmsThreshold(), c.detectionsPerImage()),
                maskHead == null ? null : new MaskBranch(maskHead, backbone.stride(), c.samplingRatio()));
        return new FasterRcnn(backbone, rpnHead, boxHead, predictor, maskHead, rpn, roiHeads, c.poolSize());
    }

    /**
     * One image through the detector.
     *
     * @param image    normalised {@code (1, 3, H, W)}
     * @param targets  ground truth in input pixels, or null (unlabelled image or inference); with
     *                 a mask branch, training needs its polygons ({@link ImageTargets#hasMasks()})
     * @param training training mode (BatchNorm batch statistics, train top-N, sampled RoIs)
     * @param random   drives anchor and RoI sampling
     * @return features, proposals, RoIs with their features, detections (inference) and losses
     */
    public FasterRcnnOutput forward(ParameterStore ps, NDArray image, ImageTargets targets, boolean training,
                                    Random random) {
        int height = (int) image.getShape().get(2);
        int width = (int) image.getShape().get(3);
        float[] gtBoxes = targets == null ? null : targets.boxes();
        NDArray features = backbone.block().forward(ps, new NDList(image), training).singletonOrThrow();
        RpnOutput rpnOut = rpn.forward(ps, features, height, width, gtBoxes, training, random);
        if (maskHead != null && training && targets != null && !targets.hasMasks()) {
            throw new IllegalArgumentException("the mask branch needs instance polygons for training");
        }
        RoiHeadsOutput roiOut = roiHeads.forward(ps, features, rpnOut.proposals(), gtBoxes,
                targets == null ? null : targets.labels(), targets == null ? null : targets.polygons(),
                height, width, training, random);
        Map<String, NDArray> losses = new LinkedHashMap<>(rpnOut.losses());
        losses.putAll(roiOut.losses());
        return new FasterRcnnOutput(image, features, rpnOut.proposals(), roiOut, roiOut.detections(), losses);
    }

    /**
     * An unlabelled image through the detector for domain adaptation: backbone, RPN (no
     * losses), then the RoI head on the {@code topN} best post-NMS proposals, whose
     * d-dimensional features stay on the graph (the target side of region mining).
     *
     * @param image    normalised {@code (1, 3, H, W)}
     * @param topN     proposals kept, best objectness first (all when fewer)
     * @param training training mode (BatchNorm batch statistics, train top-N of the RPN)
     * @return {@code roi().rois()} = the kept proposals, {@code roiObjectness()} their scores,
     *     {@code roiFeatures()} {@code (N, d)}; no detections, no losses
     */
    public FasterRcnnOutput forwardUnlabelled(ParameterStore ps, NDArray image, int topN, boolean training,
                                              Random random) {
        return forwardUnlabelled(ps, image, topN, training, training, random);
    }

    /**
     * As {@link #forwardUnlabelled(ParameterStore, NDArray, int, boolean, Random)} with the
     * backbone's mode apart: {@code backboneTraining = false} normalises with the BatchNorm
     * running statistics and leaves them unchanged (the image still gets gradients), while the
     * RPN keeps its training top-N with {@code rpnTraining}.
     */
    public FasterRcnnOutput forwardUnlabelled(ParameterStore ps, NDArray image, int topN, boolean backboneTraining,
                                              boolean rpnTraining, Random random) {
        int height = (int) image.getShape().get(2);
        int width = (int) image.getShape().get(3);
        NDArray features = backbone.block().forward(ps, new NDList(image), backboneTraining).singletonOrThrow();
        RpnOutput rpnOut = rpn.forward(ps, features, height, width, null, rpnTraining, random);
        RoiHeadsOutput roiOut = roiHeads.forward(ps, features, rpnOut.proposals().top(topN), null, null, null,
                height, width, true, random);
        return new FasterRcnnOutput(image, features, rpnOut.proposals(), roiOut, null, Map.of());
    }

    /**
     * The RoI head on the {@code topN} best post-NMS proposals of a forward pass already made,
     * e.g. a labelled source image's, whose {@link FasterRcnnOutput#roi()} holds the RoIs
     * sampled for its loss: the proposals as a target image's would be kept, with their
     * d-dimensional features on the graph (one more pooling and box-head pass).
     *
     * @param out      a training-mode forward pass of this detector
     * @param topN     proposals kept, best objectness first (all when fewer)
     * @return {@code out} with {@code roi()} replaced: {@code rois()} = the kept proposals,
     *     {@code roiObjectness()} their scores, {@code roiFeatures()} {@code (N, d)}; no detections
     *     and no losses
     */
    public FasterRcnnOutput withTopProposals(ParameterStore ps, FasterRcnnOutput out, int topN, Random random) {
        int height = (int) out.image().getShape().get(2);
        int width = (int) out.image().getShape().get(3);
        RoiHeadsOutput roiOut = roiHeads.forward(ps, out.features(), out.proposals().top(topN), null, null, null,
                height, width, true, random);
        return new FasterRcnnOutput(out.image(), out.features(), out.proposals(), roiOut, null, Map.of());
    }

    /** Initialises all parameters for images of the given size (any size works afterwards). */
    public void initialize(NDManager manager, int height, int width) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 3, height, width));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Block net = backbone.block();
        net.initialize(manager, dataType, inputShapes);
        Shape features = net.getOutputShapes(inputShapes)[0];
        rpnHead.initialize(manager, dataType, features);
        Shape pooled = new Shape(1, backbone.outChannels(), poolSize, poolSize);
        boxHead.initialize(manager, dataType, pooled);
        boxPredictor.initialize(manager, dataType, new Shape(1, boxHead.dim()));
        if (maskHead != null) {
            maskHead.initialize(manager, dataType,
                    new Shape(1, backbone.outChannels(), MaskHead.INPUT_SIZE, MaskHead.INPUT_SIZE));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return backbone.block().forward(ps, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return backbone.block().getOutputShapes(inputShapes);
    }

    public Backbone backbone() {
        return backbone;
    }

    /** K: dataset classes + background. */
    public int numClasses() {
        return boxPredictor.numClasses();
    }

    /** Whether this is Mask R-CNN (a mask branch whose loss is {@code roi.mask}). */
    public boolean hasMasks() {
        return maskHead != null;
    }

    /** The region feature dimension d. */
    public int featureDim() {
        return boxHead.dim();
    }
}
