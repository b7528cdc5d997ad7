package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every op against torchvision 0.14 on the committed goldens (see
 * {@code src/test/python/make_ops_goldens.py}); tolerance 1e-4 absolute. Prints the largest
 * difference per op.
 */
class TorchvisionGoldenTest {

    private static final float TOLERANCE = 1e-4f;

    private static void report(String what, float diff) {
        System.out.printf("golden %-34s max |java - torchvision| = %.3g%n", what, diff);
        assertThat(diff).as(what).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void nmsKeepsTheSameBoxes() {
        for (JsonNode c : Goldens.load("nms.json").get("cases")) {
            float[] boxes = Goldens.floats(c.get("boxes"));
            float[] scores = Goldens.floats(c.get("scores"));
            float threshold = (float) c.get("iou_threshold").asDouble();
            assertThat(Nms.nms(boxes, scores, threshold)).containsExactly(Goldens.ints(c.get("keep")));
            assertThat(Nms.batchedNms(boxes, scores, Goldens.ints(c.get("classes")), threshold))
                    .containsExactly(Goldens.ints(c.get("batched_keep")));
        }
    }

    @Test
    void boxIouOnTheHost() {
        JsonNode g = Goldens.load("box_iou.json");
        float[][] iou = BoxOps.iou(Goldens.floats(g.get("a")), Goldens.floats(g.get("b")));
        float[] flat = new float[iou.length * iou[0].length];
        for (int i = 0; i < iou.length; i++) {
            System.arraycopy(iou[i], 0, flat, i * iou[0].length, iou[0].length);
        }
        report("box_iou (float[])", Goldens.maxAbsDiff(flat, Goldens.floats(g.get("iou"))));
    }

    @Test
    void clipAndRemoveSmall() {
        JsonNode g = Goldens.load("box_iou.json");
        float[] spread = Goldens.floats(g.get("spread"));
        float[] clipped = BoxOps.clip(spread, g.get("clip_height").asInt(), g.get("clip_width").asInt());
        assertThat(Goldens.maxAbsDiff(clipped, Goldens.floats(g.get("clipped")))).isZero();
        assertThat(BoxOps.removeSmall(spread, (float) g.get("min_size").asDouble()))
                .containsExactly(Goldens.ints(g.get("kept_not_small")));
    }

    @Test
    void matcherWithTiesAndLowQualityMatches() {
        JsonNode g = Goldens.load("matcher.json");
        int rows = g.get("rows").asInt();
        float[] flat = Goldens.floats(g.get("iou"));
        int cols = flat.length / rows;
        float[][] iou = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, iou[i], 0, cols);
        }
        for (JsonNode c : g.get("cases")) {
            Matcher matcher = new Matcher((float) c.get("high").asDouble(), (float) c.get("low").asDouble(),
                    c.get("allow_low_quality").asBoolean());
            assertThat(matcher.match(iou)).as(matcher.toString()).containsExactly(Goldens.ints(c.get("matches")));
        }
    }

    @Test
    void anchors() {
        for (JsonNode c : Goldens.load("anchors.json").get("cases")) {
            AnchorGenerator gen = new AnchorGenerator(Goldens.floats(c.get("sizes")),
                    Goldens.floats(c.get("aspect_ratios")), c.get("stride").asInt());
            float[] anchors = gen.anchors(c.get("feature_height").asInt(), c.get("feature_width").asInt());
            assertThat(Goldens.maxAbsDiff(anchors, Goldens.floats(c.get("anchors")))).isZero();
        }
    }

    @Test
    @Tag("engine")
    void boxIouAndBoxCoderOnNdArrays() {
        try (NDManager m = NDManager.newBaseManager()) {
            JsonNode g = Goldens.load("box_iou.json");
            float[] a = Goldens.floats(g.get("a"));
            float[] b = Goldens.floats(g.get("b"));
            NDArray iou = BoxOps.iou(m.create(a, new Shape(a.length / 4, 4)), m.create(b, new Shape(b.length / 4, 4)));
            report("box_iou (NDArray)", Goldens.maxAbsDiff(iou.toFloatArray(), Goldens.floats(g.get("iou"))));

            JsonNode coder = Goldens.load("box_coder.json");
            double clip = coder.get("bbox_xform_clip").asDouble();
            for (JsonNode c : coder.get("cases")) {
                float[] w = Goldens.floats(c.get("weights"));
                BoxCoder bc = new BoxCoder(w[0], w[1], w[2], w[3], clip);
                float[] p = Goldens.floats(c.get("proposals"));
                float[] t = Goldens.floats(c.get("targets"));
                float[] codes = Goldens.floats(c.get("codes"));
                int n = p.length / 4;
                NDArray proposals = m.create(p, new Shape(n, 4));
                NDArray encoded = bc.encode(m.create(t, new Shape(n, 4)), proposals);
                report("box_coder encode w=" + w[0], relativeDiff(encoded.toFloatArray(), Goldens.floats(c.get("encoded"))));
                NDArray decoded = bc.decode(m.create(codes, new Shape(n, codes.length / n)), proposals);
                float[] expected = Goldens.floats(c.get("decoded"));
                // decoded coordinates reach ~1e4 (the clamp case) and encoded deltas ~1e2: compare relative beyond 1
                report("box_coder decode w=" + w[0], relativeDiff(decoded.toFloatArray(), expected));
                report("box_coder decode (float[]) w=" + w[0], relativeDiff(bc.decode(codes, p), expected));
            }
        }
    }

    /** Absolute difference for values up to 1, relative beyond (float32 has 7 digits). */
    private static float relativeDiff(float[] actual, float[] expected) {
        float max = 0;
        for (int i = 0; i < actual.length; i++) {
            float d = Math.abs(actual[i] - expected[i]) / Math.max(1f, Math.abs(expected[i]));
            max = Math.max(max, d);
        }
        return max;
    }

    @Test
    @Tag("engine")
    void roiAlignForwardAndGradientBothBackends() {
        JsonNode g = Goldens.load("roi_align.json");
        for (RoiAlign.Backend backend : RoiAlign.Backend.values()) {
            float out = 0;
            float grad = 0;
            for (JsonNode c : g.get("cases")) {
                RoiAlign op = new RoiAlign(c.get("output_size").get(0).asInt(), c.get("output_size").get(1).asInt(),
                        (float) c.get("spatial_scale").asDouble(), c.get("sampling_ratio").asInt(), c.get("aligned").asBoolean());
                float[][] result = run(g.get("features"), c, (f, rois) -> op.forward(f, rois, backend));
                out = Math.max(out, Goldens.maxAbsDiff(result[0], Goldens.floats(c.get("output"))));
                grad = Math.max(grad, Goldens.maxAbsDiff(result[1], Goldens.floats(c.get("grad_features"))));
            }
            report("roi_align output (" + backend + ")", out);
            report("roi_align grad features (" + backend + ")", grad);
        }
    }

    @Test
    @Tag("engine")
    void roiPoolForwardAndGradient() {
        JsonNode g = Goldens.load("roi_pool.json");
        float out = 0;
        float grad = 0;
        for (JsonNode c : g.get("cases")) {
            RoiPool op = new RoiPool(c.get("output_size").get(0).asInt(), c.get("output_size").get(1).asInt(),
                    (float) c.get("spatial_scale").asDouble());
            float[][] result = run(g.get("features"), c, op::forward);
            out = Math.max(out, Goldens.maxAbsDiff(result[0], Goldens.floats(c.get("output"))));
            grad = Math.max(grad, Goldens.maxAbsDiff(result[1], Goldens.floats(c.get("grad_features"))));
        }
        report("roi_pool output", out);
        report("roi_pool grad features", grad);
    }

    private interface Pooler {
        NDArray apply(NDArray features, float[] rois);
    }

    /** Forward, then backward of {@code sum(out * upstream)}: returns output and feature gradient. */
    private static float[][] run(JsonNode features, JsonNode c, Pooler pooler) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = m.create(Goldens.floats(features.get("data")), new Shape(Goldens.longs(features.get("shape"))));
            f.setRequiresGradient(true);
            float[] output;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = pooler.apply(f, Goldens.floats(c.get("rois")));
                output = out.toFloatArray();
                NDArray up = m.create(Goldens.upstream(output.length), out.getShape());
                gc.backward(out.mul(up).sum());
            }
            try (NDArray grad = f.getGradient()) {
                return new float[][] {output, grad.toFloatArray()};
            }
        }
    }
}
