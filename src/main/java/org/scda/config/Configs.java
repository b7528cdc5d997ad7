package org.scda.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.scda.util.ScdaException;

/**
 * Reads and writes {@link TrainConfig} as YAML or JSON. A file need only name what differs
 * from {@link TrainConfig#defaults()}: it is merged key by key over the defaults, and a key
 * the records do not know, or a key given twice, is an error naming the file.
 */
public final class Configs {
    // a key given twice would otherwise keep its last value without a word
    private static final ObjectMapper YAML = configure(new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()));
    private static final ObjectMapper JSON = configure(new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()));

    private Configs() {
    }

    private static ObjectMapper configure(ObjectMapper m) {
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        m.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        m.enable(SerializationFeature.INDENT_OUTPUT);
        return m;
    }

    /** Loads a YAML (or JSON) file merged over the defaults. */
    public static TrainConfig load(Path file) {
        return fromTree(readYamlTree(readFile(file, "config"), file.toString()), file.toString());
    }

    /** Parses YAML text merged over the defaults. */
    public static TrainConfig parseYaml(String yaml) {
        return fromTree(readYamlTree(yaml, "config"), "config");
    }

    /** Parses JSON text as written by {@link #toJson} (merged over the defaults). */
    public static TrainConfig parseJson(String json) {
        try {
            return fromTree(JSON.readTree(json), "config");
        } catch (JsonProcessingException e) {
            throw new ScdaException("config" + line(e) + ": " + describe(e), e);
        }
    }

    /** The text of a config or experiment file, with a one-line error naming it. */
    public static String readFile(Path file, String what) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ScdaException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses YAML (or JSON) text into a tree. Malformed YAML and a key given twice in one
     * mapping are errors of one line naming {@code where}, the line and, for a duplicate, the
     * key's dotted path ({@code solver.iterations}).
     */
    public static JsonNode readYamlTree(String text, String where) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ScdaException(where + line(e) + ": " + describe(e), e);
        }
    }

    private static String line(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() <= 0 ? "" : ":" + at.getLineNr();
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        if (message.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser parser) {
            String path = parser.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
            return "duplicate key '" + path + "' (each key may appear once; which value was meant?)";
        }
        return message.replace('\n', ' ');
    }

    private static TrainConfig fromTree(JsonNode node, String where) {
        ObjectNode base = JSON.valueToTree(TrainConfig.defaults());
        if (node != null && !node.isNull() && !node.isMissingNode()) {
            if (!node.isObject()) {
                throw new ScdaException(where + ": a config must be a mapping of keys to values");
            }
            merge(base, (ObjectNode) node);
        }
        try {
            return JSON.treeToValue(base, TrainConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ScdaException(where + ": " + problem(e), e);
        }
    }

    /**
     * The first line of what is wrong with a config: a record's own validation message (which
     * names the setting) rather than Jackson's "Cannot construct instance of ..." around it.
     */
    public static String problem(Exception e) {
        Throwable cause = e;
        while (cause instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.split("\n")[0];
    }

    /** Deep-merges {@code from} into {@code into}: nested objects key by key, other values replaced. */
    public static void merge(ObjectNode into, ObjectNode from) {
        Iterator<Map.Entry<String, JsonNode>> it = from.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * The config with some values replaced, named by dotted paths such as
     * {@code solver.iterations} or {@code model.backbone}; null values are skipped.
     */
    public static TrainConfig withOverrides(TrainConfig config, Map<String, Object> overrides) {
        ObjectNode tree = JSON.valueToTree(config);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String[] path = e.getKey().split("\\.");
            ObjectNode node = tree;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = node.get(path[i]);
                if (!(child instanceof ObjectNode)) {
                    throw new IllegalArgumentException("no config section '" + path[i] + "' in " + e.getKey());
                }
                node = (ObjectNode) child;
            }
            node.set(path[path.length - 1], JSON.valueToTree(e.getValue()));
        }
        return fromTree(tree, "config");
    }

    public static String toYaml(TrainConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toJson(TrainConfig config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared JSON mapper (pretty printing on). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The YAML mapper configs are read and written with (strict: unknown keys are errors). */
    public static ObjectMapper yaml() {
        return YAML;
    }
}
