package org.scda.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.scda.config.ModelConfig;
import org.scda.config.RoiConfig;
import org.scda.config.RpnConfig;
import org.scda.config.SolverConfig;
import org.scda.engine.Benchmark;
import org.scda.model.Backbone;

/**
 * The settings the torchvision reference must have to be the same detector as scda's, under the
 * names {@code bench/torch_reference.py} reports them, and the comparison with what it reported:
 * the script keeps its own copy of every number, and this check keeps the copy honest.
 */
public final class ReferenceSettings {
    private ReferenceSettings() {
    }

    /**
     * What the reference must report for this detector, timed on {@code width x height} images.
     *
     * @param backbone the built backbone (its stride and channels)
     * @param numClasses dataset classes (background not counted)
     */
    public static Map<String, Object> expected(ModelConfig model, SolverConfig solver, Backbone backbone, int numClasses,
                                               int width, int height) {
        if (!model.roi().pooler().equals("align")) {
            throw new IllegalArgumentException("the torch reference uses RoIAlign; roi.pooler is " + model.roi().pooler());
        }
        RpnConfig rpn = model.rpn();
        RoiConfig roi = model.roi();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("width", width);
        m.put("height", height);
        m.put("backbone", model.backbone());
        if (model.backbone().equals("small")) {
            m.put("backbone_width", model.backboneWidth());
        }
        m.put("stride", backbone.stride());
        m.put("out_channels", backbone.outChannels());
        m.put("anchor_sizes", model.anchors().sizes());
        m.put("anchor_ratios", model.anchors().ratios());
        m.put("rpn_pre_nms_top_n_train", rpn.preNmsTopNTrain());
        m.put("rpn_post_nms_top_n_train", rpn.postNmsTopNTrain());
        m.put("rpn_pre_nms_top_n_test", rpn.preNmsTopNTest());
        m.put("rpn_post_nms_top_n_test", rpn.postNmsTopNTest());
        m.put("rpn_nms_thresh", rpn.nmsThreshold());
        m.put("rpn_min_size", rpn.minSize());
        m.put("rpn_fg_iou_thresh", rpn.fgIouThreshold());
        m.put("rpn_bg_iou_thresh", rpn.bgIouThreshold());
        m.put("rpn_batch_size_per_image", rpn.batchSizePerImage());
        m.put("rpn_positive_fraction", rpn.positiveFraction());
        m.put("roi_pool_size", roi.poolSize());
        m.put("roi_sampling_ratio", roi.samplingRatio());
        m.put("roi_aligned", true);
        m.put("head_dim", roi.headDim());
        m.put("roi_fg_iou_thresh", roi.fgIouThreshold());
        m.put("roi_bg_iou_thresh", roi.bgIouThreshold());
        m.put("roi_batch_size_per_image", roi.batchSizePerImage());
        m.put("roi_positive_fraction", roi.positiveFraction());
        m.put("score_thresh", roi.scoreThreshold());
        m.put("nms_thresh", roi.nmsThreshold());
        m.put("detections_per_img", roi.detectionsPerImage());
        m.put("num_classes", numClasses + 1);
        m.put("lr", Benchmark.Session.learningRate(solver));
        m.put("momentum", solver.momentum());
        m.put("weight_decay", solver.weightDecay());
        m.put("clip_gradient", solver.clipGradient());
        return m;
    }

    /**
     * Every expected setting the reference reported differently or not at all, one line each
     * ({@code name: scda X, torch Y}); numbers agree within a relative 1e-9, lists element by
     * element. Settings only the reference reports are not compared.
     */
    public static List<String> differences(Map<String, Object> expected, Map<String, Object> reported) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            Object actual = reported.get(e.getKey());
            if (!same(e.getValue(), actual)) {
                out.add(e.getKey() + ": scda " + e.getValue() + ", torch " + (actual == null ? "(missing)" : actual));
            }
        }
        return out;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            double u = x.doubleValue();
            double v = y.doubleValue();
            return u == v || Math.abs(u - v) <= 1e-9 * Math.max(Math.abs(u), Math.abs(v));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
