package org.scda.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import java.util.ArrayList;
import java.util.List;
import org.scda.config.ModelConfig;
import org.scda.model.FasterRcnn;

/**
 * Analytic floating-point operations of the detector: convolutions and fully connected layers
 * only (BatchNorm, ReLU, pooling, RoIAlign and the host-side box arithmetic are left out), two
 * FLOPs per multiply-add. A training iteration counts the forward pass on the sampled RoIs plus a
 * backward pass of twice the forward (gradients of the inputs and of the weights), less the
 * first convolution's input gradient, which the image does not need.
 */
public final class FlopCount {
    private FlopCount() {
    }

    /** Multiply-adds of one layer. */
    public record Layer(String name, long macs) {
    }

    /**
     * The detector's multiply-adds by part.
     *
     * @param backbone      backbone layers, first first
     * @param rpnMacs       RPN head (3x3 conv and the two 1x1 convs) on the feature map
     * @param headMacsPerRoi box head (fc6, fc7) and predictor for one RoI
     * @param trainRois     RoIs the head sees in a training iteration (the sampler's batch, at most)
     * @param testRois      RoIs the head sees at inference (the test post-NMS proposals, at most)
     */
    public record DetectorFlops(List<Layer> backbone, long rpnMacs, long headMacsPerRoi, int trainRois, int testRois) {
        public DetectorFlops {
            backbone = List.copyOf(backbone);
        }

        public long backboneMacs() {
            return backbone.stream().mapToLong(Layer::macs).sum();
        }

        /** FLOPs of one inference. */
        public double inferenceFlops() {
            return 2.0 * (backboneMacs() + rpnMacs + headMacsPerRoi * (double) testRois);
        }

        /** FLOPs of one training iteration: forward, then a backward of twice the forward less the image's gradient. */
        public double trainingFlops() {
            double forward = backboneMacs() + rpnMacs + headMacsPerRoi * (double) trainRois;
            long firstInputGradient = backbone.isEmpty() ? 0 : backbone.get(0).macs();
            return 2.0 * (3 * forward - firstInputGradient);
        }
    }

    /** Multiply-adds of a convolution (groups 1) producing an {@code outHeight x outWidth} map. */
    public static long conv(long inChannels, long outChannels, long kernelHeight, long kernelWidth, long outHeight,
                            long outWidth) {
        return inChannels * outChannels * kernelHeight * kernelWidth * outHeight * outWidth;
    }

    /** Multiply-adds of a fully connected layer on {@code rows} inputs. */
    public static long linear(long in, long out, long rows) {
        return in * out * rows;
    }

    /**
     * The detector's counts from its initialised blocks: the backbone's convolutions as built
     * (their weights and output shapes), the RPN head and box head from the channel counts.
     *
     * @param net   an initialised detector (its input shape fixes the feature map sizes)
     * @param model its config (pool size, proposal and sampler counts)
     */
    public static DetectorFlops of(FasterRcnn net, ModelConfig model) {
        List<Layer> layers = new ArrayList<>();
        Shape features = null;
        int index = 0;
        for (Block child : net.backbone().block().getChildren().values()) {
            if (child instanceof Convolution conv) {
                Shape w = conv.getParameters().get("weight").getArray().getShape();
                Shape out = conv.getOutputShapes(conv.getInputShapes())[0];
                // the weight is (out, in / groups, kh, kw): each output sees in / groups channels
                long macs = conv(w.get(1), w.get(0), w.get(2), w.get(3), out.get(2), out.get(3));
                layers.add(new Layer("conv" + (++index), macs));
                features = out;
            }
        }
        if (features == null) {
            throw new IllegalArgumentException("backbone " + net.backbone().name() + " has no convolution");
        }
        // both backbones end with a convolution (then BatchNorm / ReLU), so its output is the feature map
        long c = net.backbone().outChannels();
        long cells = features.get(2) * features.get(3);
        long anchors = (long) model.anchors().sizes().size() * model.anchors().ratios().size();
        long rpn = conv(c, c, 3, 3, 1, 1) * cells + conv(c, anchors, 1, 1, 1, 1) * cells
                + conv(c, 4 * anchors, 1, 1, 1, 1) * cells;
        long pool = model.roi().poolSize();
        long d = net.featureDim();
        long k = net.numClasses();
        long head = linear(c * pool * pool, d, 1) + linear(d, d, 1) + linear(d, k, 1) + linear(d, 4 * k, 1);
        return new DetectorFlops(layers, rpn, head, model.roi().batchSizePerImage(), model.rpn().postNmsTopNTest());
    }
}
