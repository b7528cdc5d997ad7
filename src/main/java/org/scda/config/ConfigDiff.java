package org.scda.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The settings in which two configs differ, each named by its dotted path (e.g.
 * {@code solver.baseLr}, {@code adapt.lambda}). Nested sections are compared key by key; a list
 * is one setting.
 */
public final class ConfigDiff {
    private ConfigDiff() {
    }

    /**
     * One setting with different values; a side without the setting holds a missing node.
     *
     * @param setting dotted path of the setting
     * @param before  its value in the first config
     * @param after   its value in the second config
     */
    public record Difference(String setting, JsonNode before, JsonNode after) {

        /** {@code setting before -> after}, e.g. {@code seed 7 -> 5}. */
        public String describe() {
            return setting + " " + text(before) + " -> " + text(after);
        }
    }

    /** The differences of {@code after} from {@code before}, in the order of {@code before}'s keys. */
    public static List<Difference> between(JsonNode before, JsonNode after) {
        List<Difference> out = new ArrayList<>();
        collect("", before, after, out);
        return out;
    }

    private static void collect(String prefix, JsonNode before, JsonNode after, List<Difference> out) {
        if (before != null && after != null && before.isObject() && after.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                collect(prefix.isEmpty() ? key : prefix + "." + key, before.path(key), after.path(key), out);
            }
            return;
        }
        JsonNode b = before == null ? MissingNode.getInstance() : before;
        JsonNode a = after == null ? MissingNode.getInstance() : after;
        if (!b.equals(a)) {
            out.add(new Difference(prefix, b, a));
        }
    }

    /** A value as written in messages: numbers and booleans as they are, '' for an empty text, lists compact. */
    public static String text(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "(none)";
        }
        if (value.isTextual()) {
            return value.asText().isEmpty() ? "''" : value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            Iterator<JsonNode> it = value.elements();
            it.forEachRemaining(n -> items.add(text(n)));
            return "[" + String.join(", ", items) + "]";
        }
        return value.toString();
    }
}
