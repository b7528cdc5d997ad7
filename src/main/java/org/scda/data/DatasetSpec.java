package org.scda.data;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A dataset named on the command line as {@code FORMAT:PATH[?key=value&...]}, for example
 * {@code coco:ann/train.json?images=imgs}, {@code foggy-cityscapes:/data/cs?split=val&beta=0.02}
 * or {@code synth:foggy/target/val}.
 *
 * @param format  one of {@link #FORMATS}
 * @param path    the path part (a file, a folder, or for {@code synth} SCENARIO/DOMAIN/SPLIT)
 * @param options the query options, in order
 */
public record DatasetSpec(String format, String path, Map<String, String> options) {
    public static final Set<String> FORMATS = Set.of(
            "coco", "voc", "cityscapes", "foggy-cityscapes", "kitti", "images", "synth");

    public DatasetSpec {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses a spec. A string without a known {@code FORMAT:} prefix is an error that lists
     * the formats.
     */
    public static DatasetSpec parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("dataset '" + text + "' has no format: write FORMAT:PATH with FORMAT one of "
                    + String.join(", ", new java.util.TreeSet<>(FORMATS)));
        }
        String format = text.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("unknown dataset format '" + format + "' in '" + text + "': use one of "
                    + String.join(", ", new java.util.TreeSet<>(FORMATS)));
        }
        String rest = text.substring(colon + 1);
        Map<String, String> options = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("option '" + pair + "' in '" + text + "' is not key=value");
                }
                options.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + text + "' has an empty path");
        }
        return new DatasetSpec(format, path, options);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(format).append(':').append(path);
        String sep = "?";
        for (Map.Entry<String, String> e : options.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        return sb.toString();
    }
}
