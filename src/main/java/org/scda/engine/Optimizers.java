package org.scda.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.scda.config.SolverConfig;
import org.scda.ops.Scalars;

/**
 * Optimisers written out so that their state can be checkpointed (DJL's keep it private):
 * SGD with momentum and L2 weight decay (torch.optim.SGD semantics), and
 * Adam (torch.optim.Adam with L2). Gradients are read, applied and zeroed here.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /** Updates a fixed list of parameters from their gradients. */
    public interface Optimizer {
        /**
         * One update with learning rate {@code lr}; zeroes the gradients afterwards. Returns false
         * (and leaves the weights alone) when the gradient norm is not finite.
         */
        boolean step(double lr);

        /** The state tensors (momentum buffers or Adam moments, plus the step count). */
        NDList state();

        /** Restores what {@link #state()} returned. */
        void loadState(NDList state);

        /** {@code sgd} or {@code adam}. */
        String name();
    }

    /** The optimiser named in the config, over {@code params} (only those needing gradients). */
    public static Optimizer create(SolverConfig solver, List<Parameter> params, NDManager manager) {
        List<Parameter> trainable = params.stream().filter(Parameter::requiresGradient).toList();
        return switch (solver.optimizer()) {
            case "sgd" -> new Sgd(trainable, manager, (float) solver.momentum(), (float) solver.weightDecay(),
                    (float) solver.clipGradient());
            case "adam" -> new Adam(trainable, manager, (float) solver.momentum(), 0.999f, 1e-8f,
                    (float) solver.weightDecay(), (float) solver.clipGradient());
            default -> throw new IllegalArgumentException("unknown optimizer " + solver.optimizer());
        };
    }

    /**
     * The gradients of all parameters in {@code scope}, scaled so that their global L2 norm is at
     * most {@code maxNorm} (torch's clip_grad_norm_; 0 disables), with {@code wd * w} added.
     * Null when the norm is NaN or infinite.
     */
    private static NDArray[] gradients(List<Parameter> params, NDManager scope, float wd, float maxNorm) {
        NDArray[] grads = rawGradients(params, scope);
        float scale = clipScale(grads, maxNorm);
        if (Float.isNaN(scale)) {
            return null;
        }
        for (int i = 0; i < grads.length; i++) {
            NDArray g = scale == 1f ? grads[i] : Scalars.mul(grads[i], scale);
            if (wd != 0) {
                NDArray decay = Scalars.mul(params.get(i).getArray(), wd);
                decay.attach(scope);
                g = g.add(decay);
            }
            grads[i] = g;
        }
        return grads;
    }

    private static NDArray[] rawGradients(List<Parameter> params, NDManager scope) {
        NDArray[] grads = new NDArray[params.size()];
        for (int i = 0; i < grads.length; i++) {
            NDArray g = params.get(i).getArray().getGradient();
            g.attach(scope);
            grads[i] = g;
        }
        return grads;
    }

    /**
     * The factor that brings the global L2 norm of {@code grads} to at most {@code maxNorm}
     * (1 when already below, or when {@code maxNorm <= 0}); NaN when the norm is not finite.
     * One host synchronisation for all parameters.
     */
    private static float clipScale(NDArray[] grads, float maxNorm) {
        NDArray total = null;
        for (NDArray g : grads) {
            NDArray sq = g.square().sum();
            total = total == null ? sq : total.add(sq);
        }
        double norm = total == null ? 0 : Math.sqrt(total.getFloat());
        if (!Double.isFinite(norm)) {
            return Float.NaN;
        }
        return maxNorm > 0 && norm > maxNorm ? (float) (maxNorm / norm) : 1f;
    }

    private static void zeroGradients(List<Parameter> params) {
        for (Parameter p : params) {
            zeroGradient(p.getArray());
        }
    }

    private static void zeroGradient(NDArray weight) {
        JniUtils.zeroGrad((PtNDArray) weight);
    }

    /**
     * SGD with momentum, the learning rate folded into the buffer as in DJL/MXNet:
     * {@code v = m v + lr (s g + wd w); w -= v}, with {@code s} the global-norm clip factor. Equal to
     * torch.optim.SGD while the learning rate is constant; one fused native update per parameter.
     */
    static final class Sgd implements Optimizer {
        private final List<Parameter> params;
        private final NDManager manager;
        private final float momentum;
        private final float weightDecay;
        private final float clip;
        private final NDArray[] velocity;

        Sgd(List<Parameter> params, NDManager manager, float momentum, float weightDecay, float clip) {
            this.params = params;
            this.manager = manager;
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            this.clip = clip;
            this.velocity = new NDArray[params.size()];
        }

        @Override
        public boolean step(double lr) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray[] grads = rawGradients(params, scope);
                float scale = clipScale(grads, clip);
                if (Float.isNaN(scale)) {
                    zeroGradients(params);
                    return false;
                }
                for (int i = 0; i < params.size(); i++) {
                    NDArray w = params.get(i).getArray();
                    if (velocity[i] == null) {
                        velocity[i] = w.zerosLike();
                        velocity[i].attach(manager);
                    }
                    JniUtils.sgdUpdate((PtNDArray) w, (PtNDArray) grads[i], (PtNDArray) velocity[i], (float) lr,
                            weightDecay, scale, -1f, momentum);
                    zeroGradient(w);
                }
            }
            return true;
        }

        @Override
        public NDList state() {
            NDList out = new NDList();
            for (int i = 0; i < velocity.length; i++) {
                out.add(velocity[i] == null ? manager.zeros(params.get(i).getArray().getShape()) : velocity[i]);
            }
            return out;
        }

        @Override
        public void loadState(NDList state) {
            if (state.size() != velocity.length) {
                throw new IllegalArgumentException("optimizer state has " + state.size() + " tensors, expected " + velocity.length);
            }
            for (int i = 0; i < velocity.length; i++) {
                velocity[i] = state.get(i).duplicate();
                velocity[i].attach(manager);
            }
        }

        @Override
        public String name() {
            return "sgd";
        }
    }

    /** Adam with L2 weight decay added to the gradient (torch.optim.Adam). */
    static final class Adam implements Optimizer {
        private final List<Parameter> params;
        private final NDManager manager;
        private final float beta1;
        private final float beta2;
        private final float eps;
        private final float weightDecay;
        private final float clip;
        private final NDArray[] m;
        private final NDArray[] v;
        private int t;

        Adam(List<Parameter> params, NDManager manager, float beta1, float beta2, float eps, float weightDecay, float clip) {
            this.params = params;
            this.manager = manager;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.clip = clip;
            this.m = new NDArray[params.size()];
            this.v = new NDArray[params.size()];
        }

        @Override
        public boolean step(double lr) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray[] grads = gradients(params, scope, weightDecay, clip);
                if (grads == null) {
                    zeroGradients(params);
                    return false;
                }
                t++;
                double c1 = 1 - Math.pow(beta1, t);
                double c2 = 1 - Math.pow(beta2, t);
                for (int i = 0; i < params.size(); i++) {
                    NDArray w = params.get(i).getArray();
                    NDArray g = grads[i];
                    if (m[i] == null) {
                        m[i] = w.zerosLike();
                        m[i].attach(manager);
                        v[i] = w.zerosLike();
                        v[i].attach(manager);
                    }
                    m[i].muli(beta1).addi(Scalars.mul(g, 1 - beta1));
                    v[i].muli(beta2).addi(Scalars.mul(g.square(), 1 - beta2));
                    NDArray vHat = Scalars.div(v[i], (float) c2);
                    vHat.attach(scope);
                    NDArray denom = vHat.sqrt().add(eps);
                    NDArray mScaled = Scalars.mul(m[i], (float) (lr / c1));
                    mScaled.attach(scope);
                    NDArray update = mScaled.div(denom);
                    w.subi(update);
                    zeroGradient(w);
                }
            }
            return true;
        }

        @Override
        public NDList state() {
            NDList out = new NDList();
            out.add(manager.create(new float[] {t}));
            for (int i = 0; i < m.length; i++) {
                out.add(m[i] == null ? manager.zeros(params.get(i).getArray().getShape()) : m[i]);
                out.add(v[i] == null ? manager.zeros(params.get(i).getArray().getShape()) : v[i]);
            }
            return out;
        }

        @Override
        public void loadState(NDList state) {
            if (state.size() != 1 + 2 * m.length) {
                throw new IllegalArgumentException("optimizer state has " + state.size() + " tensors, expected " + (1 + 2 * m.length));
            }
            t = (int) state.get(0).getFloat(0);
            for (int i = 0; i < m.length; i++) {
                m[i] = state.get(1 + 2 * i).duplicate();
                m[i].attach(manager);
                v[i] = state.get(2 + 2 * i).duplicate();
                v[i].attach(manager);
            }
        }

        @Override
        public String name() {
            return "adam";
        }
    }
}
