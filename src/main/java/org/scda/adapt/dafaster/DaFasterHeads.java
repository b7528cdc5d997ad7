package org.scda.adapt.dafaster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.scda.ops.GradientReversal;
import org.scda.ops.Scalars;

/**
 * The DA Faster R-CNN adaptation heads: the image-level and instance-level domain classifiers,
 * each behind a gradient reversal layer, and the consistency regulariser between them.
 *
 * <p>For one image of domain {@code d} (source 0, target 1) with backbone features {@code F}
 * and box-head features {@code f} of its sampled RoIs:
 * <pre>
 *   img = ImageClassifier(GRL(F))            (1, 1, H, W)
 *   ins = InstanceClassifier(GRL(f))         (R, 1)
 *   da.image       = lambda * mean_{u,v} BCE(img(u,v), d)
 *   da.instance    = lambda * mean_j BCE(ins_j, d)
 *   da.consistency = lambda * mean_j |mean_{u,v} sigmoid(img(u,v)) - sigmoid(ins_j)|
 * </pre>
 * The total of the three is added to the detection loss and minimised by one optimiser over
 * all parameters: the classifiers receive the ordinary gradient of their loss (they learn to
 * tell the domains apart), while the backbone and box head receive it multiplied by
 * {@code -grlWeight} (they learn features that confuse the classifiers).
 *
 * <p>The consistency term is computed from the same, reversed, predictions, so it is part of
 * the adversarial game like the other two, as in the paper's single graph. The reference
 * PyTorch port instead runs the classifiers a second time behind a gradient <i>scaling</i>
 * (not reversing) layer for that term; this implementation keeps the paper's formulation, and
 * with it the property that the backbone's gradient of the whole domain loss is exactly
 * {@code -grlWeight} times the gradient at the classifiers' inputs.
 *
 * <p>The block's own forward, {@code [F (1,C,H,W), f (R,d)]} to
 * {@code [img (1,1,H,W), ins (R,1)]}, exists so the heads can be initialised, saved and
 * loaded like any DJL block ({@code initialize(manager, FLOAT32, shapeOfF, shapeOfRoiFeatures)});
 * training code calls {@link #losses}.
 */
public final class DaFasterHeads extends AbstractBlock {
    /** Key of the lambda-weighted image-level domain loss. */
    public static final String IMAGE_LOSS = "da.image";
    /** Key of the lambda-weighted instance-level domain loss. */
    public static final String INSTANCE_LOSS = "da.instance";
    /** Key of the lambda-weighted consistency loss. */
    public static final String CONSISTENCY_LOSS = "da.consistency";

    private final DaFasterConfig config;
    private final ImageLevelDomainClassifier imageClassifier;
    private final InstanceLevelDomainClassifier instanceClassifier;

    /** Heads with the given hyperparameters; channel and feature sizes come from initialisation. */
    public DaFasterHeads(DaFasterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        imageClassifier = addChildBlock("image", new ImageLevelDomainClassifier());
        instanceClassifier = addChildBlock("instance",
                new InstanceLevelDomainClassifier(config.dropout(), config.seed()));
    }

    /** The hyperparameters. */
    public DaFasterConfig config() {
        return config;
    }

    /** The image-level classifier (without its reversal layer). */
    public ImageLevelDomainClassifier imageClassifier() {
        return imageClassifier;
    }

    /** The instance-level classifier (without its reversal layer). */
    public InstanceLevelDomainClassifier instanceClassifier() {
        return instanceClassifier;
    }

    /**
     * The three lambda-weighted domain losses of one image, with the classifiers behind
     * gradient reversal layers (see the class comment).
     *
     * @param backboneFeatures (1, C, H, W) the features the RPN and RoI pooling read
     * @param roiFeatures      (R, d) the box head's features of the image's RoIs, R at least 1
     * @param domain           {@link Domain#SOURCE} (0) or {@link Domain#TARGET} (1)
     * @param training         enables the instance classifier's dropout
     * @return an unmodifiable map with keys {@link #IMAGE_LOSS}, {@link #INSTANCE_LOSS},
     *     {@link #CONSISTENCY_LOSS} (in that order), each a scalar
     */
    public Map<String, NDArray> losses(NDArray backboneFeatures, NDArray roiFeatures, int domain, boolean training) {
        return losses(new ParameterStore(backboneFeatures.getManager(), false), backboneFeatures, roiFeatures,
                domain, training);
    }

    /** {@link #losses(NDArray, NDArray, int, boolean)} with an explicit parameter store. */
    public Map<String, NDArray> losses(ParameterStore ps, NDArray backboneFeatures, NDArray roiFeatures, int domain,
            boolean training) {
        checkInputs(backboneFeatures, roiFeatures);
        return classifierLosses(ps, GradientReversal.apply(backboneFeatures, config.grlWeight()),
                GradientReversal.apply(roiFeatures, config.grlWeight()), domain, training);
    }

    /**
     * The same three weighted losses on features that are <i>not</i> reversed: what the
     * classifiers minimise. For callers that place their own reversal, and to check the
     * reversal: the gradient {@link #losses} sends to the features is {@code -grlWeight} times
     * the one this method sends, while the classifiers' parameter gradients are identical.
     *
     * @param ps               parameter store
     * @param imageFeatures    (1, C, H, W)
     * @param roiFeatures      (R, d), R at least 1
     * @param domain           0 source, 1 target
     * @param training         enables dropout
     * @return the map described at {@link #losses(NDArray, NDArray, int, boolean)}
     */
    public Map<String, NDArray> classifierLosses(ParameterStore ps, NDArray imageFeatures, NDArray roiFeatures,
            int domain, boolean training) {
        checkInputs(imageFeatures, roiFeatures);
        Domain.target(domain);
        NDArray imageLogits = imageClassifier.logits(ps, imageFeatures, training);
        NDArray instanceLogits = instanceClassifier.logits(ps, roiFeatures, training);
        float lambda = config.lambda();
        Map<String, NDArray> losses = new LinkedHashMap<>();
        losses.put(IMAGE_LOSS, Scalars.mul(DomainLosses.binaryCrossEntropy(imageLogits, domain), lambda));
        losses.put(INSTANCE_LOSS, Scalars.mul(DomainLosses.binaryCrossEntropy(instanceLogits, domain), lambda));
        losses.put(CONSISTENCY_LOSS, Scalars.mul(DomainLosses.consistency(imageLogits, instanceLogits), lambda));
        return Collections.unmodifiableMap(losses);
    }

    private static void checkInputs(NDArray backboneFeatures, NDArray roiFeatures) {
        Shape f = backboneFeatures.getShape();
        Shape r = roiFeatures.getShape();
        if (f.dimension() != 4 || f.get(0) != 1) {
            throw new IllegalArgumentException("backbone features must be one image (1, C, H, W), got " + f);
        }
        if (r.dimension() != 2 || r.get(0) < 1) {
            throw new IllegalArgumentException("RoI features must be (R, d) with R >= 1, got " + r);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("expected [backbone features, RoI features], got " + inputs.size() + " arrays");
        }
        NDArray features = GradientReversal.apply(inputs.get(0), config.grlWeight());
        NDArray rois = GradientReversal.apply(inputs.get(1), config.grlWeight());
        return new NDList(imageClassifier.logits(ps, features, training), instanceClassifier.logits(ps, rois, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {imageClassifier.getOutputShapes(new Shape[] {inputs[0]})[0],
                instanceClassifier.getOutputShapes(new Shape[] {inputs[1]})[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes.length != 2) {
            throw new IllegalArgumentException("initialise with two shapes: (1, C, H, W) and (R, d)");
        }
        imageClassifier.initialize(manager, dataType, inputShapes[0]);
        instanceClassifier.initialize(manager, dataType, inputShapes[1]);
    }
}
