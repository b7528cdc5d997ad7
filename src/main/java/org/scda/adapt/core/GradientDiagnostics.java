package org.scda.adapt.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scda.model.FasterRcnn;

/**
 * Measures, on one iteration's graph, how the detector's gradient splits between the detection
 * loss and the adaptation term of the detector's update (diagnostic, off by default: {@code
 * adapt.diagnoseGradientsEvery}). Before the step's own backward it runs extra backward passes
 * that keep the graph: one of {@code L_dec} alone, one of the adaptation term alone (for
 * selective alignment {@code lambda (L^s_adv,F + Wt L^t_adv,F)}; for DA Faster the sum of its
 * reversed domain losses), and optionally one of a part of the adaptation term; between and
 * after them the detector's gradients are zeroed (and the caller zeroes those of its own
 * modules), so that the step's backward and update are the ones it makes without the diagnostic.
 *
 * <p>Per parameter group ({@code backbone}; {@code rpn}: the RPN head; {@code roi}: box head,
 * box predictor and mask head; {@code all}): {@code diag.grad_dec.G} and
 * {@code diag.grad_align.G} (L2 norms), {@code diag.ratio.G} (align / dec) and
 * {@code diag.cos.G} (cosine between the two gradients, NaN when either is zero); with a part,
 * {@code diag.grad_part.G}.
 *
 * <p>Expects the detector's gradients to be zero on entry (as they are after an optimiser step).
 */
public final class GradientDiagnostics {
    /** Key prefix of everything a diagnostic reports. */
    public static final String PREFIX = "diag.";

    private GradientDiagnostics() {
    }

    /** A step that diagnoses some of its iterations. */
    public interface Source {
        /** The {@code diag.*} values of the last diagnosed iteration, null when none since the last call (which clears them). */
        Map<String, Double> takeDiagnostics();
    }

    /** The detector's trainable parameters by group: backbone, rpn, roi (in that order). */
    public static Map<String, List<Parameter>> groups(FasterRcnn model) {
        Map<String, List<Parameter>> groups = new LinkedHashMap<>();
        groups.put("backbone", new ArrayList<>());
        groups.put("rpn", new ArrayList<>());
        groups.put("roi", new ArrayList<>());
        for (Pair<String, Block> child : model.getChildren()) {
            String name = child.getKey().replaceFirst("^\\d+", "");
            String group = name.equals("backbone") ? "backbone" : name.startsWith("rpn") ? "rpn" : "roi";
            for (Parameter p : child.getValue().getParameters().values()) {
                if (p.requiresGradient()) {
                    groups.get(group).add(p);
                }
            }
        }
        return groups;
    }

    /**
     * A step's diagnostic state: how often ({@code every}-th iteration, 0 never), the running
     * sums (made on first use in the loop's manager), and the last iteration's values until taken.
     */
    public static final class Schedule {
        private int every;
        private Accumulator sums;
        private Map<String, Double> last;

        public void every(int every) {
            this.every = Math.max(0, every);
        }

        /** Whether 0-based {@code iteration} is diagnosed: {@code (iteration + 1) % every == 0}. */
        public boolean due(int iteration) {
            return every > 0 && (iteration + 1) % every == 0;
        }

        public Accumulator sums(NDManager manager) {
            if (sums == null) {
                sums = new Accumulator(manager);
            }
            return sums;
        }

        public void record(Map<String, Double> values) {
            last = values;
        }

        /** The last recorded values, null when none since the last call (which clears them). */
        public Map<String, Double> take() {
            Map<String, Double> d = last;
            last = null;
            return d;
        }
    }

    /**
     * Running sums of the two gradients over the diagnosed iterations of a run, to tell a
     * consistent push from noise: per-iteration detection gradients partly cancel over
     * iterations, a systematic alignment push does not. Reports {@code diag.sum_ratio.G}
     * (||sum of alignment gradients|| / ||sum of detection gradients||), {@code diag.sum_cos.G}
     * and {@code diag.sum_count}. Holds two copies of the detector's gradients in its manager.
     */
    public static final class Accumulator implements AutoCloseable {
        private final NDManager manager;
        private final Map<Parameter, NDArray> dec = new LinkedHashMap<>();
        private final Map<Parameter, NDArray> align = new LinkedHashMap<>();
        private int count;

        public Accumulator(NDManager parent) {
            this.manager = parent.newSubManager();
        }

        private void add(Map<Parameter, NDArray> d, Map<Parameter, NDArray> a) {
            for (Parameter p : d.keySet()) {
                accumulate(dec, p, d.get(p));
                accumulate(align, p, a.get(p));
            }
            count++;
        }

        private void accumulate(Map<Parameter, NDArray> sums, Parameter p, NDArray g) {
            NDArray sum = sums.get(p);
            if (sum == null) {
                sum = g.duplicate();
                sum.attach(manager);
                sums.put(p, sum);
            } else {
                sum.addi(g);
            }
        }

        /** Diagnosed iterations summed so far. */
        public int count() {
            return count;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /** As {@link #measure(FasterRcnn, NDArray, NDArray, NDArray, Runnable, Accumulator)} without running sums. */
    public static Map<String, Double> measure(FasterRcnn model, NDArray detection, NDArray adaptation, NDArray part,
                                              Runnable zeroOthers) {
        return measure(model, detection, adaptation, part, zeroOthers, null);
    }

    /**
     * Runs the extra backward passes and returns the {@code diag.*} values.
     *
     * @param detection  {@code L_dec}, scalar on the current graph
     * @param adaptation the adaptation term of the detector's loss, scalar on the same graph
     * @param part       a part of {@code adaptation} to measure too (e.g. its source term), or null
     * @param zeroOthers zeroes the gradients the passes leave in modules other than the detector
     * @param sums       running sums to add this iteration's gradients to (and report), or null
     */
    public static Map<String, Double> measure(FasterRcnn model, NDArray detection, NDArray adaptation, NDArray part,
                                              Runnable zeroOthers, Accumulator sums) {
        Map<String, List<Parameter>> groups = groups(model);
        List<Parameter> all = new ArrayList<>();
        groups.values().forEach(all::addAll);
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager scope = detection.getManager().newSubManager()) {
            backward(detection);
            Map<Parameter, NDArray> dec = new LinkedHashMap<>();
            for (Parameter p : all) {
                dec.put(p, gradient(p, scope));
            }
            zero(all);
            zeroOthers.run();

            Map<Parameter, NDArray> partGrad = null;
            if (part != null) {
                backward(part);
                partGrad = new LinkedHashMap<>();
                for (Parameter p : all) {
                    partGrad.put(p, gradient(p, scope));
                }
                zero(all);
                zeroOthers.run();
            }

            backward(adaptation);
            Map<Parameter, NDArray> align = new LinkedHashMap<>();
            for (Parameter p : all) {
                align.put(p, gradient(p, scope));
            }
            zero(all);
            zeroOthers.run();

            Map<String, List<Parameter>> withAll = new LinkedHashMap<>(groups);
            withAll.put("all", all);
            for (Map.Entry<String, List<Parameter>> g : withAll.entrySet()) {
                putNorms(out, "", g.getKey(), g.getValue(), dec, align, true);
                if (partGrad != null) {
                    double pp = 0;
                    for (Parameter p : g.getValue()) {
                        pp += dot(partGrad.get(p), partGrad.get(p));
                    }
                    out.put(PREFIX + "grad_part." + g.getKey(), Math.sqrt(pp));
                }
            }
            if (sums != null) {
                sums.add(dec, align);
                out.put(PREFIX + "sum_count", (double) sums.count);
                for (Map.Entry<String, List<Parameter>> g : withAll.entrySet()) {
                    putNorms(out, "sum_", g.getKey(), g.getValue(), sums.dec, sums.align, false);
                }
            }
        }
        return out;
    }

    /** {@code diag.<prefix>ratio.<group>} and {@code cos} of two gradient maps (with the norms when asked). */
    private static void putNorms(Map<String, Double> out, String prefix, String group, List<Parameter> params,
                                 Map<Parameter, NDArray> dec, Map<Parameter, NDArray> align, boolean norms) {
        double dd = 0;
        double aa = 0;
        double da = 0;
        for (Parameter p : params) {
            NDArray d = dec.get(p);
            NDArray a = align.get(p);
            dd += dot(d, d);
            aa += dot(a, a);
            da += dot(d, a);
        }
        double nd = Math.sqrt(dd);
        double na = Math.sqrt(aa);
        if (norms) {
            out.put(PREFIX + prefix + "grad_dec." + group, nd);
            out.put(PREFIX + prefix + "grad_align." + group, na);
        }
        out.put(PREFIX + prefix + "ratio." + group, nd > 0 ? na / nd : Double.NaN);
        out.put(PREFIX + prefix + "cos." + group, nd > 0 && na > 0 ? da / (nd * na) : Double.NaN);
    }

    /** The dot product of two arrays of one shape, its temporaries closed (they would live in x's manager). */
    private static double dot(NDArray x, NDArray y) {
        try (NDArray product = x.mul(y); NDArray sum = product.sum()) {
            return sum.getFloat();
        }
    }

    /** Backward of a scalar keeping the graph, so that later passes (and the step's own) can use it. */
    private static void backward(NDArray scalar) {
        JniUtils.backward((PtNDArray) scalar, (PtNDArray) scalar.onesLike(), true, false);
    }

    /** A copy of the parameter's gradient in {@code scope} (zeros when it has none). */
    private static NDArray gradient(Parameter p, NDManager scope) {
        NDArray w = p.getArray();
        NDArray copy;
        try (NDArray g = w.getGradient()) {
            copy = g.duplicate();
        }
        copy.attach(scope);
        return copy;
    }

    private static void zero(List<Parameter> params) {
        for (Parameter p : params) {
            JniUtils.zeroGrad((PtNDArray) p.getArray());
        }
    }
}
