package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.scda.model.ReleasingSequentialBlock;

/**
 * The weighting estimator Dw: one logit per region feature, source = 1, target = 0 (Eq. 3).
 * The paper says it follows the discriminator's components; on a d-vector without spatial
 * layout those are 1x1 convolutions, i.e. a per-feature MLP shared over all K x m features:
 * Linear(d -> h), LeakyReLU, Linear(h -> h/2), LeakyReLU, Linear(h/2 -> 1).
 *
 * <p>The same block serves as the feature-level domain discriminator of the
 * without-generators ablation.
 */
public final class WeightingEstimator extends WrappedSequential {

    private final int featureDim;

    private WeightingEstimator(SequentialBlock net, int featureDim) {
        super(net);
        this.featureDim = featureDim;
    }

    /**
     * An estimator for d-dim features with {@code hidden} units in its first layer.
     */
    public static WeightingEstimator create(int featureDim, int hidden, float slope) {
        if (featureDim < 1 || hidden < 2) {
            throw new IllegalArgumentException("feature dim must be positive and hidden at least 2");
        }
        SequentialBlock net = new ReleasingSequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .addSingleton(x -> Activation.leakyRelu(x, slope))
                .add(Linear.builder().setUnits(hidden / 2).build())
                .addSingleton(x -> Activation.leakyRelu(x, slope))
                .add(Linear.builder().setUnits(1).build())
                .addSingleton(x -> x.reshape(x.getShape().get(0), x.getShape().get(1)));
        return new WeightingEstimator(net, featureDim);
    }

    /** An estimator with 256 hidden units and LeakyReLU slope 0.2. */
    public static WeightingEstimator create(int featureDim) {
        return create(featureDim, 256, 0.2f);
    }

    /**
     * Scores region features.
     *
     * @param features {@code (K, m, d)}
     * @return logits {@code (K, m)}, positive = source-like
     */
    public NDArray score(ParameterStore parameterStore, NDArray features, boolean training) {
        return forward(parameterStore, new NDList(features), training).singletonOrThrow();
    }

    /**
     * The region weights Wt: the mean over m of the sigmoid of the logits.
     *
     * @param logits {@code (K, m)}
     * @return {@code (K)} in {@code (0, 1)}
     */
    public static NDArray regionWeights(NDArray logits) {
        return Activation.sigmoid(logits).mean(new int[] {1});
    }

    /**
     * Output shapes.
     *
     * @param inputShapes {@code [(K, m, d)]}
     * @return {@code [(K, m)]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1))};
    }

    @Override
    void checkInput(Shape input) {
        if (input.dimension() != 3 || input.get(2) != featureDim) {
            throw new IllegalArgumentException("estimator expects (K, m, " + featureDim + "), got " + input);
        }
    }
}
