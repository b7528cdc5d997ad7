package org.scda.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Box AP and mask AP of the same detections, as Mask R-CNN is scored (the paper's Table 8):
 * both computed with the same AP procedure, the box one with box IoU, the mask one with mask
 * IoU ({@link MaskVocEvaluator}).
 *
 * @param box  box AP
 * @param mask mask AP over the same classes and metric
 */
public record BoxAndMaskResult(EvaluationResult box, EvaluationResult mask) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public BoxAndMaskResult {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(mask, "mask");
        if (box.metric() != mask.metric() || !box.perClass().keySet().equals(mask.perClass().keySet())) {
            throw new IllegalArgumentException("box and mask results differ in metric or classes");
        }
    }

    /**
     * The box result's JSON ({@link EvaluationResult#toJson()}) with the mask result's as its
     * {@code "mask"} member, on one line.
     */
    public String toJson() {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(box.toJson());
            node.set("mask", JSON.readTree(mask.toJson()));
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row per class with box AP and mask AP in percent, ground truth and detections, then the means. */
    public String toTable() {
        int nameWidth = Math.max(5, box.perClass().keySet().stream().mapToInt(String::length).max().orElse(0));
        String rowFormat = "%-" + nameWidth + "s  %8s  %8s  %8s  %8s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(box.metric().description())
                .append("  (box: box IoU > 0.5; mask: mask IoU > 0.5, pixel masks)").append('\n');
        sb.append(String.format(Locale.ROOT, rowFormat, "class", "box AP", "mask AP", "GT", "dets"));
        List<String> withoutGt = new ArrayList<>();
        for (Map.Entry<String, Double> e : box.perClass().entrySet()) {
            String name = e.getKey();
            if (e.getValue() == null) {
                withoutGt.add(name);
            }
            sb.append(String.format(Locale.ROOT, rowFormat, name, percent(e.getValue()), percent(mask.perClass().get(name)),
                    count(box, EvaluationResult.NPOS, name), count(box, EvaluationResult.NDET, name)));
        }
        sb.append("-".repeat(nameWidth + 40)).append('\n');
        sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  %8.2f  %8.2f  (mean over %d of %d classes)%n",
                "mAP", 100 * box.mAP(), 100 * mask.mAP(), box.classesInMean(), box.perClass().size()));
        Double withoutMask = mask.extra().get(MaskVocEvaluator.GT_WITHOUT_MASK);
        if (withoutMask != null && withoutMask > 0) {
            sb.append(String.format(Locale.ROOT, "%d ground-truth objects have no polygons: their box is their mask%n",
                    Math.round(withoutMask)));
        }
        if (!withoutGt.isEmpty()) {
            sb.append("no ground truth (marked -, not in the mean): ").append(String.join(", ", withoutGt)).append('\n');
        }
        return sb.toString();
    }

    private static String percent(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    private static String count(EvaluationResult r, String group, String className) {
        Double v = r.extra().get(group + "/" + className);
        return v == null ? "" : String.valueOf(Math.round(v));
    }
}
