package org.scda.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one evaluation. Immutable.
 *
 * @param metric   how the numbers were computed
 * @param mAP      the mean of the non-null per-class values, in [0, 1] (for {@link Metric#COCO}
 *                 this is COCO "AP", the mean over IoU 0.50:0.05:0.95)
 * @param perClass AP per class in the dataset's class order; a {@code null} value marks a class
 *                 without (non-ignored) ground truth, which is left out of the mean
 * @param extra    further numbers, in insertion order: summary values such as {@code AP50} and
 *                 {@code AP75} for COCO, and per-class counts under keys {@code npos/CLASS}
 *                 (non-ignored ground-truth boxes) and {@code ndet/CLASS} (detections scored)
 */
public record EvaluationResult(Metric metric, double mAP, Map<String, Double> perClass, Map<String, Double> extra) {

    /** Key prefix of the per-class count of non-ignored ground-truth boxes in {@link #extra()}. */
    public static final String NPOS = "npos";
    /** Key prefix of the per-class count of detections in {@link #extra()}. */
    public static final String NDET = "ndet";

    public EvaluationResult {
        Objects.requireNonNull(metric, "metric");
        if (!(mAP >= 0 && mAP <= 1)) {
            throw new IllegalArgumentException("mAP must be in [0, 1], got " + mAP);
        }
        perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
        for (Map.Entry<String, Double> e : extra.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("extra value " + e.getKey() + " must be finite, got " + e.getValue());
            }
        }
        for (String key : extra.keySet()) {
            int slash = key.indexOf('/');
            if (slash >= 0 && extra.containsKey(key.substring(0, slash))) {
                throw new IllegalArgumentException("extra key " + key + " clashes with the scalar " + key.substring(0, slash));
            }
        }
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The AP of one class, or null when it has no ground truth. */
    public Double ap(String className) {
        if (!perClass.containsKey(className)) {
            throw new IllegalArgumentException("no class '" + className + "'; classes: " + perClass.keySet());
        }
        return perClass.get(className);
    }

    /** How many classes entered the mean (those with ground truth). */
    public int classesInMean() {
        return (int) perClass.values().stream().filter(Objects::nonNull).count();
    }

    /** The inverse of {@link #toJson()}. */
    public static EvaluationResult fromJson(JsonNode node) {
        Map<String, Double> perClass = new LinkedHashMap<>();
        node.get("per_class").fields().forEachRemaining(
                e -> perClass.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asDouble()));
        Map<String, Double> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals("metric") || key.equals("mAP") || key.equals("per_class")) {
                continue;
            }
            if (e.getValue().isObject()) {
                e.getValue().fields().forEachRemaining(g -> extra.put(key + "/" + g.getKey(), g.getValue().asDouble()));
            } else {
                extra.put(key, e.getValue().asDouble());
            }
        }
        return new EvaluationResult(Metric.fromCliName(node.get("metric").asText()), node.get("mAP").asDouble(),
                perClass, extra);
    }

    /**
     * One JSON object on one line:
     * {@code {"metric": "voc07", "mAP": 0.5, "per_class": {"car": 0.5, "person": null}}} followed
     * by the {@link #extra()} values. Scalar extras become top-level keys ({@code "AP50": 0.7});
     * extras named {@code GROUP/CLASS} become one object per group
     * ({@code "npos": {"car": 12.0}}).
     */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.setPrettyPrinter(new SpacedPrinter());
            g.writeStartObject();
            g.writeStringField("metric", metric.cliName());
            g.writeNumberField("mAP", mAP);
            g.writeObjectFieldStart("per_class");
            for (Map.Entry<String, Double> e : perClass.entrySet()) {
                g.writeFieldName(e.getKey());
                if (e.getValue() == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(e.getValue());
                }
            }
            g.writeEndObject();
            for (Map.Entry<String, Object> e : groupedExtra().entrySet()) {
                if (e.getValue() instanceof Double d) {
                    g.writeNumberField(e.getKey(), d);
                } else {
                    g.writeObjectFieldStart(e.getKey());
                    @SuppressWarnings("unchecked")
                    Map<String, Double> group = (Map<String, Double>) e.getValue();
                    for (Map.Entry<String, Double> ge : group.entrySet()) {
                        g.writeNumberField(ge.getKey(), ge.getValue());
                    }
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * A text table: a header stating the metric, one row per class (AP in percent, ground-truth
     * and detection counts when known), then the mean and the scalar extras.
     */
    public String toTable() {
        int nameWidth = Math.max(5, perClass.keySet().stream().mapToInt(String::length).max().orElse(0));
        String rowFormat = "%-" + nameWidth + "s  %8s  %8s  %8s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(metric.description()).append(metric == Metric.COCO
                ? "  (IoU >= t, crowd/ignore regions ignored)"
                : "  (IoU > 0.5 with +1 pixel widths, difficult/ignore boxes ignored)").append('\n');
        sb.append(String.format(Locale.ROOT, rowFormat, "class", "AP [%]", "GT", "dets"));
        List<String> withoutGt = new ArrayList<>();
        for (Map.Entry<String, Double> e : perClass.entrySet()) {
            String name = e.getKey();
            String ap = e.getValue() == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * e.getValue());
            if (e.getValue() == null) {
                withoutGt.add(name);
            }
            sb.append(String.format(Locale.ROOT, rowFormat, name, ap, count(NPOS, name), count(NDET, name)));
        }
        sb.append("-".repeat(nameWidth + 30)).append('\n');
        sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  %8.2f  (mean over %d of %d classes)%n",
                metric == Metric.COCO ? "AP" : "mAP", 100 * mAP, classesInMean(), perClass.size()));
        groupedExtra().forEach((key, value) -> {
            if (value instanceof Double d) {
                sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  %8.2f%n", key, 100 * d));
            }
        });
        if (!withoutGt.isEmpty()) {
            sb.append("no ground truth (marked -, not in the mean): ").append(String.join(", ", withoutGt)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toJson();
    }

    private String count(String group, String className) {
        Double v = extra.get(group + "/" + className);
        return v == null ? "" : String.valueOf(Math.round(v));
    }

    /** Scalars as Double, {@code GROUP/KEY} entries gathered into one ordered map per group. */
    private Map<String, Object> groupedExtra() {
        Map<String, Object> grouped = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : extra.entrySet()) {
            int slash = e.getKey().indexOf('/');
            if (slash < 0) {
                grouped.put(e.getKey(), e.getValue());
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Double> group = (Map<String, Double>) grouped.computeIfAbsent(
                        e.getKey().substring(0, slash), k -> new LinkedHashMap<String, Double>());
                group.put(e.getKey().substring(slash + 1), e.getValue());
            }
        }
        return grouped;
    }

    /** One line, with a space after each colon and comma, as in the documented contract. */
    private static final class SpacedPrinter extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
