package org.scda.model.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scda.model.Losses;
import org.scda.ops.HostTensors;
import org.scda.ops.Scalars;

/**
 * Mask R-CNN's mask branch (He et al. 2017, torchvision {@code MaskRCNNHeads} +
 * {@code MaskRCNNPredictor}): four 3x3 convs with ReLU at the RoIAlign resolution (14x14), a
 * 2x2 stride-2 transposed conv to 28x28 with ReLU, and a 1x1 conv to one mask logit map per
 * class. Weights start as Kaiming normal with fan-out (torchvision), biases 0.
 *
 * <p>Forward: {@code roiFeatures (R, C, 14, 14)} (RoIAlign output) to
 * {@code logits (R, numClasses, 28, 28)}. Class channels are the model's class ids: 0 is
 * background and never trained, dataset class {@code k} is channel {@code k + 1}.
 *
 * <p>DJL's {@code Conv2dTranspose} throws "Not implemented" on the PyTorch engine, so the
 * transposed convolution is {@link Deconv2x2}: the same 2x2 stride-2 deconvolution computed
 * exactly as a 1x1 convolution plus a depth-to-space rearrangement (not the bilinear
 * upsampling substitute).
 */
public final class MaskHead extends AbstractBlock {
    /** Side of the RoIAlign input. */
    public static final int INPUT_SIZE = 14;
    /** Side of the predicted masks. */
    public static final int OUTPUT_SIZE = 28;
    /** Channels of the hidden layers in Mask R-CNN. */
    public static final int DEFAULT_CHANNELS = 256;

    private final int numClasses;
    private final List<Conv2d> convs = new ArrayList<>();
    private final Deconv2x2 upsample;
    private final Conv2d predictor;

    /**
     * @param numClasses output channels: dataset classes + 1 (background)
     * @param channels   channels of the four convs and the transposed conv (256 in Mask R-CNN)
     */
    public MaskHead(int numClasses, int channels) {
        if (numClasses < 1 || channels < 1) {
            throw new IllegalArgumentException("numClasses and channels must be positive, got " + numClasses + ", " + channels);
        }
        this.numClasses = numClasses;
        for (int i = 1; i <= 4; i++) {
            convs.add(addChildBlock("mask_fcn" + i, Conv2d.builder().setFilters(channels)
                    .setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build()));
        }
        upsample = addChildBlock("conv5_mask", new Deconv2x2(channels));
        predictor = addChildBlock("mask_fcn_logits", Conv2d.builder().setFilters(numClasses)
                .setKernelShape(new Shape(1, 1)).build());
        setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2f),
                Parameter.Type.WEIGHT);
    }

    /** Output channels (dataset classes + 1). */
    public int numClasses() {
        return numClasses;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(2) != INPUT_SIZE || s.get(3) != INPUT_SIZE) {
            throw new IllegalArgumentException("mask features must be (R, C, 14, 14), got " + s);
        }
        for (Conv2d conv : convs) {
            x = Activation.relu(conv.forward(ps, new NDList(x), training).singletonOrThrow());
        }
        x = Activation.relu(upsample.forward(ps, new NDList(x), training).singletonOrThrow());
        return predictor.forward(ps, new NDList(x), training);
    }

    /**
     * Convenience for {@code forward(ps, new NDList(roiFeatures), training)}.
     *
     * @param roiFeatures (R, C, 14, 14)
     * @return (R, numClasses, 28, 28)
     */
    public NDArray logits(ParameterStore ps, NDArray roiFeatures, boolean training) {
        return forward(ps, new NDList(roiFeatures), training).singletonOrThrow();
    }

    /**
     * The logit map of each RoI's class.
     *
     * @param logits  (R, K, M, M)
     * @param classes R model class ids in {@code [0, K)}
     * @return (R, M, M), differentiable w.r.t. {@code logits}
     */
    public static NDArray select(NDArray logits, int[] classes) {
        Shape s = logits.getShape();
        if (s.dimension() != 4 || s.get(0) != classes.length) {
            throw new IllegalArgumentException("logits " + s + " for " + classes.length + " classes");
        }
        long r = s.get(0);
        long plane = s.get(2) * s.get(3);
        long[] index = new long[Math.toIntExact(r * plane)];
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] >= s.get(1)) {
                throw new IllegalArgumentException("class " + classes[i] + " outside [0, " + s.get(1) + ")");
            }
            Arrays.fill(index, Math.toIntExact(i * plane), Math.toIntExact((i + 1) * plane), classes[i]);
        }
        NDArray idx = HostTensors.longs(logits.getManager(), index, new Shape(r, 1, s.get(2), s.get(3)));
        return logits.gather(idx, 1).reshape(r, s.get(2), s.get(3));
    }

    /**
     * Mask R-CNN's mask loss: binary cross-entropy with logits between each RoI's map of its
     * ground-truth class and its target, averaged over all RoIs and cells (torchvision
     * {@code maskrcnn_loss}); the other classes' maps get no gradient. With no RoIs it is a zero
     * that still depends on {@code logits}.
     *
     * @param logits  (R, K, M, M)
     * @param classes R model class ids (the matched ground truth's class, never 0: only
     *                foreground RoIs enter the mask loss)
     * @param targets (R, M, M) values 0 or 1, from {@link MaskTargets}
     * @return a scalar
     */
    public static NDArray loss(NDArray logits, int[] classes, NDArray targets) {
        if (classes.length == 0) {
            return Scalars.mul(logits.sum(), 0f);
        }
        NDArray x = select(logits, classes);
        if (!x.getShape().equals(targets.getShape())) {
            throw new IllegalArgumentException("targets " + targets.getShape() + " do not match " + x.getShape());
        }
        return Losses.bceWithLogits(x, targets).mean();
    }

    /**
     * Inference: the mask probabilities of each detection's class, for {@link MaskPaster}.
     *
     * @param logits  (R, K, M, M)
     * @param classes R model class ids (the detections' classes + 1)
     * @return (R, M, M) sigmoid probabilities
     */
    public static NDArray probabilities(NDArray logits, int[] classes) {
        return Activation.sigmoid(select(logits, classes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), numClasses, 2 * inputs[0].get(2), 2 * inputs[0].get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (Conv2d conv : convs) {
            conv.initialize(manager, dataType, shape);
            shape = conv.getOutputShapes(new Shape[] {shape})[0];
        }
        upsample.initialize(manager, dataType, shape);
        shape = upsample.getOutputShapes(new Shape[] {shape})[0];
        predictor.initialize(manager, dataType, shape);
    }
}
