package org.scda.adapt.dafaster;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.scda.engine.Optimizers;
import org.scda.engine.RunSetup;

/**
 * Domain classifiers that train beside the detector with an optimiser of their own: their
 * parameters and optimiser state for checkpoints and resume, and their gradients' reset. Shared
 * by {@link DaFasterStep} and {@link ImageAlignmentTerm}.
 */
final class TrainedHeads {
    private final AbstractBlock block;
    private final List<Parameter> parameters;
    private final Optimizers.Optimizer optimizer;
    private final NDManager manager;

    /**
     * @param block     initialised classifiers
     * @param optimizer their optimiser
     * @param manager   the manager the block was initialised in (for loading)
     */
    TrainedHeads(AbstractBlock block, Optimizers.Optimizer optimizer, NDManager manager) {
        this.block = block;
        this.parameters = List.copyOf(block.getParameters().values());
        this.optimizer = optimizer;
        this.manager = manager;
    }

    /** One optimiser step at {@code lr}; false when it was skipped (a non-finite gradient). */
    boolean step(double lr) {
        return optimizer.step(lr);
    }

    /** Writes the parameters, then the optimiser state. */
    void save(DataOutputStream out) throws IOException {
        block.saveParameters(out);
        byte[] state = optimizer.state().encode();
        out.writeInt(state.length);
        out.write(state);
    }

    /** Reads what {@link #save} wrote. */
    void load(DataInputStream in) throws IOException, MalformedModelException {
        block.loadParameters(manager, in);
        RunSetup.requireGradients(parameters);
        int n = in.readInt();
        if (n < 0 || n > (1 << 30)) {
            throw new IOException("corrupt optimizer state length " + n);
        }
        byte[] state = in.readNBytes(n);
        try (NDManager tmp = manager.newSubManager()) {
            optimizer.loadState(NDList.decode(tmp, state));
        }
    }

    /** Zeroes the parameters' gradients. */
    void zeroGradients() {
        for (Parameter p : parameters) {
            if (p.getArray().hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
        }
    }
}
