package org.scda.engine;

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
     * Runs the extra backward passes and returns the {@code diag.*} values.
     *
     * @param detection  {@code L_dec}, scalar on the current graph
     * @param adaptation the adaptation term of the detector's loss, scalar on the same graph
     * @param part       a part of {@code adaptation} to measure too (e.g. its source term), or null
     * @param zeroOthers zeroes the gradients the passes leave in modules other than the detector
     */
    public static Map<String, Double> measure(FasterRcnn model, NDArray detection, NDArray adaptation, NDArray part,
                                              Runnable zeroOthers) {
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
                double dd = 0;
                double aa = 0;
                double da = 0;
                double pp = 0;
                for (Parameter p : g.getValue()) {
                    NDArray d = dec.get(p);
                    NDArray a = align.get(p);
                    dd += d.square().sum().getFloat();
                    aa += a.square().sum().getFloat();
                    da += d.mul(a).sum().getFloat();
                    if (partGrad != null) {
                        pp += partGrad.get(p).square().sum().getFloat();
                    }
                }
                String name = g.getKey();
                double nd = Math.sqrt(dd);
                double na = Math.sqrt(aa);
                out.put(PREFIX + "grad_dec." + name, nd);
                out.put(PREFIX + "grad_align." + name, na);
                if (partGrad != null) {
                    out.put(PREFIX + "grad_part." + name, Math.sqrt(pp));
                }
                out.put(PREFIX + "ratio." + name, nd > 0 ? na / nd : Double.NaN);
                out.put(PREFIX + "cos." + name, nd > 0 && na > 0 ? da / (nd * na) : Double.NaN);
            }
        }
        return out;
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
