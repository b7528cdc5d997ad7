package org.scda.adapt.dafaster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.scda.util.SplitMix64;

/**
 * DA Faster R-CNN's instance-level domain classifier on the RoI box-head features: FC d to
 * 1024, ReLU, dropout, FC 1024 to 1024, ReLU, dropout, FC 1024 to one logit per RoI. Weights
 * start as N(0, 0.01) for the hidden layers and N(0, 0.05) for the last, biases 0 (as the
 * reference port).
 *
 * <p>Dropout is active only when {@code training} is true, and is inverted dropout (kept units
 * scaled by {@code 1 / (1 - p)}) like torch's. Its masks come from a {@link SplitMix64} (the
 * generator of {@code SplittableRandom}, same sequence) seeded at construction, not from the
 * engine's global generator, so a run is reproducible from its seed and other engine users
 * cannot shift the masks; its state is saved with a checkpoint ({@link #maskState()}).
 *
 * <p>The block is the plain classifier: it must sit behind a gradient reversal layer;
 * {@link DaFasterHeads} places it there.
 *
 * <p>Forward: {@code roiFeatures (R, d)} to {@code logits (R, 1)}; the loss is
 * {@link DomainLosses#binaryCrossEntropy} over the RoIs.
 */
public final class InstanceLevelDomainClassifier extends AbstractBlock {
    /** Units of each hidden layer in the paper. */
    public static final int HIDDEN_UNITS = 1024;

    private final Linear fc1;
    private final Linear fc2;
    private final Linear fc3;
    private final float dropout;
    private final SplitMix64 random;

    /**
     * @param dropout probability of dropping a hidden unit in training, in [0, 1) (0.5 in the paper)
     * @param seed    seed of the dropout masks
     */
    public InstanceLevelDomainClassifier(float dropout, long seed) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        this.dropout = dropout;
        this.random = new SplitMix64(seed);
        fc1 = addChildBlock("fc1_da", Linear.builder().setUnits(HIDDEN_UNITS).build());
        fc2 = addChildBlock("fc2_da", Linear.builder().setUnits(HIDDEN_UNITS).build());
        fc3 = addChildBlock("fc3_da", Linear.builder().setUnits(1).build());
        fc1.setInitializer(new NormalInitializer(0.01f), "weight");
        fc2.setInitializer(new NormalInitializer(0.01f), "weight");
        fc3.setInitializer(new NormalInitializer(0.05f), "weight");
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 2) {
            throw new IllegalArgumentException("RoI features must be (R, d), got " + x.getShape());
        }
        x = Activation.relu(fc1.forward(ps, new NDList(x), training).singletonOrThrow());
        x = dropout(x, training);
        x = Activation.relu(fc2.forward(ps, new NDList(x), training).singletonOrThrow());
        x = dropout(x, training);
        return fc3.forward(ps, new NDList(x), training);
    }

    /**
     * Convenience for {@code forward(ps, new NDList(roiFeatures), training)}.
     *
     * @param roiFeatures (R, d)
     * @return logits (R, 1)
     */
    public NDArray logits(ParameterStore ps, NDArray roiFeatures, boolean training) {
        return forward(ps, new NDList(roiFeatures), training).singletonOrThrow();
    }

    private NDArray dropout(NDArray x, boolean training) {
        if (!training || dropout == 0) {
            return x;
        }
        int n = Math.toIntExact(x.size());
        float keepScale = 1f / (1f - dropout);
        float[] mask = new float[n];
        synchronized (random) {
            for (int i = 0; i < n; i++) {
                mask[i] = random.nextDouble() < dropout ? 0f : keepScale;
            }
        }
        return x.mul(x.getManager().create(mask, x.getShape()));
    }

    /** The state of the dropout-mask generator, for {@link #setMaskState} on resume. */
    public long maskState() {
        synchronized (random) {
            return random.state();
        }
    }

    /** Continues the dropout masks from a state returned by {@link #maskState()}. */
    public void setMaskState(long state) {
        synchronized (random) {
            random.setState(state);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        fc1.initialize(manager, dataType, in);
        Shape hiddenShape = new Shape(in.get(0), HIDDEN_UNITS);
        fc2.initialize(manager, dataType, hiddenShape);
        fc3.initialize(manager, dataType, hiddenShape);
    }
}
