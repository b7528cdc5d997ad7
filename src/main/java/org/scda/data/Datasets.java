package org.scda.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scda.data.coco.CocoReader;
import org.scda.data.synth.SynthCatalog;
import org.scda.util.ScdaException;

/**
 * Loads a dataset named by a {@link DatasetSpec}: picks the reader for its format, then applies
 * the class mapping options {@code ?map=SOURCE:TARGET,...} (first) and
 * {@code ?classes=A,B} (second) with {@link ClassMapping}.
 *
 * <p>Options per format:
 * <ul>
 *   <li>{@code coco:FILE.json?images=DIR}</li>
 *   <li>{@code voc:DIR?split=NAME}</li>
 *   <li>{@code cityscapes:DIR?split=train}; {@code foggy-cityscapes:DIR?split=val&beta=0.02}</li>
 *   <li>{@code kitti:DIR?van=true}</li>
 *   <li>{@code images:DIR}</li>
 *   <li>{@code synth:SCENARIO/DOMAIN/SPLIT}</li>
 * </ul>
 * and {@code classes}, {@code map} for all. An unknown option is a usage error.
 */
public final class Datasets {
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "coco", Set.of("images"),
            "voc", Set.of("split"),
            "cityscapes", Set.of("split"),
            "foggy-cityscapes", Set.of("split", "beta"),
            "kitti", Set.of("van"),
            "images", Set.of(),
            "synth", Set.of());
    private static final Set<String> MAPPING_OPTIONS = Set.of("classes", "map");

    private Datasets() {
    }

    /** Parses and loads {@code spec}; see {@link #load(DatasetSpec)}. */
    public static DetectionDataset load(String spec) {
        return load(DatasetSpec.parse(spec));
    }

    /**
     * Reads the dataset {@code spec} names and applies its class mapping.
     *
     * @throws IllegalArgumentException when the spec's options are wrong (see {@link #check})
     * @throws ScdaException            when files are missing or unreadable
     */
    public static DetectionDataset load(DatasetSpec spec) {
        check(spec);
        DetectionDataset raw = read(spec);
        DetectionDataset ds = new DetectionDataset(spec.toString(), raw.classNames(), raw.samples(), raw.labelled(),
                raw.skipped());
        if (spec.options().containsKey("map")) {
            ds = ClassMapping.rename(ds, ClassMapping.parseMap(spec.options().get("map")));
        }
        if (spec.options().containsKey("classes")) {
            ds = ClassMapping.keep(ds, ClassMapping.parseClasses(spec.options().get("classes")));
        }
        return ds;
    }

    /**
     * Checks a spec without reading anything: known options for its format, well-formed class
     * mapping, and format-specific values (synth path shape, fog beta, booleans).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void check(DatasetSpec spec) {
        Set<String> allowed = OPTIONS.get(spec.format());
        for (String key : spec.options().keySet()) {
            if (!allowed.contains(key) && !MAPPING_OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for " + spec.format() + " in '" + spec
                        + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(union(allowed))) + ")");
            }
        }
        if (spec.options().containsKey("map")) {
            ClassMapping.parseMap(spec.options().get("map"));
        }
        if (spec.options().containsKey("classes")) {
            ClassMapping.parseClasses(spec.options().get("classes"));
        }
        switch (spec.format()) {
            case "synth" -> synthParts(spec);
            case "kitti" -> bool(spec, "van");
            default -> {
            }
        }
    }

    private static Set<String> union(Set<String> allowed) {
        java.util.Set<String> all = new java.util.HashSet<>(allowed);
        all.addAll(MAPPING_OPTIONS);
        return all;
    }

    private static DetectionDataset read(DatasetSpec spec) {
        Path path = Path.of(spec.path());
        return switch (spec.format()) {
            case "coco" -> CocoReader.read(path, spec.options().containsKey("images") ? Path.of(spec.option("images", null)) : null);
            case "synth" -> {
                String[] p = synthParts(spec);
                yield CocoReader.read(SynthCatalog.resolve(p[0], p[1], p[2]), null);
            }
            default -> throw new ScdaException("dataset format '" + spec.format() + "' is not supported yet");
        };
    }

    private static String[] synthParts(DatasetSpec spec) {
        String[] parts = spec.path().split("/");
        if (parts.length != 3 || List.of(parts).stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("synth dataset '" + spec + "' must be synth:SCENARIO/DOMAIN/SPLIT, "
                    + "for example synth:foggy/target/val");
        }
        return parts;
    }

    static boolean bool(DatasetSpec spec, String key) {
        String v = spec.option(key, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("option " + key + " must be true or false, got '" + v + "' in '" + spec + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** Fails with a clear message when {@code dir} is not a folder. */
    static Path requireDir(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new ScdaException(what + " folder not found: " + dir);
        }
        return dir;
    }
}
