package org.scda.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers the paper reports (on its own data: Cityscapes, Foggy Cityscapes, Sim10k, KITTI),
 * read from the resource {@code paper-numbers.yaml} next to this class, which names its source.
 *
 * @param source the citation
 * @param tables tables by id ({@code table2} .. {@code table8})
 */
public record PaperNumbers(String source, Map<String, Table> tables) {

    /**
     * One of the paper's tables.
     *
     * @param setting its datasets and detector
     * @param classes per-class columns (empty: mAP only)
     * @param rows    rows in the paper's order
     */
    public record Table(String setting, List<String> classes, List<Row> rows) {
        /** The row of a scda variant, or null. */
        public Row forVariant(String variant) {
            return rows.stream().filter(r -> variant.equals(r.variant())).findFirst().orElse(null);
        }
    }

    /**
     * A row of the paper's table: AP values in percent.
     *
     * @param label   the paper's row name
     * @param variant the scda variant id it corresponds to
     * @param values  per-class AP in the order of {@link Table#classes()} (may be empty)
     * @param mAP     mAP (box mAP in a table with masks)
     * @param maskMAP mask mAP (Table 8), or null
     */
    public record Row(String label, String variant, List<Double> values, double mAP, Double maskMAP) {
    }

    private static final String RESOURCE = "paper-numbers.yaml";

    /** The bundled numbers. */
    public static PaperNumbers load() {
        try (InputStream in = PaperNumbers.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the build");
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, Table> tables = new LinkedHashMap<>();
            root.get("tables").fields().forEachRemaining(e -> {
                JsonNode t = e.getValue();
                List<String> classes = new ArrayList<>();
                t.path("classes").forEach(c -> classes.add(c.asText()));
                List<Row> rows = new ArrayList<>();
                for (JsonNode r : t.get("rows")) {
                    List<Double> values = new ArrayList<>();
                    r.path("values").forEach(v -> values.add(v.asDouble()));
                    rows.add(new Row(r.get("label").asText(), r.path("variant").asText(null), List.copyOf(values),
                            r.get("mAP").asDouble(), r.hasNonNull("maskMAP") ? r.get("maskMAP").asDouble() : null));
                }
                tables.put(e.getKey(), new Table(t.get("setting").asText(), List.copyOf(classes), List.copyOf(rows)));
            });
            return new PaperNumbers(root.get("source").asText(), Collections.unmodifiableMap(tables));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
