package org.scda.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scda.data.cityscapes.CityscapesReader;
import org.scda.data.coco.CocoReader;
import org.scda.data.images.ImageFolderReader;
import org.scda.data.kitti.KittiReader;
import org.scda.data.voc.VocReader;
import org.scda.data.synth.SynthCatalog;
import org.scda.data.synth.SynthPair;
import org.scda.util.ScdaException;

/**
 * Loads a dataset named by a {@link DatasetSpec}: picks the reader for its format, then applies
 * the class mapping options {@code ?map=SOURCE:TARGET,...} (first) and
 * {@code ?classes=A,B} (second) with {@link ClassMapping}.
 *
 * <p>Options per format:
 * <ul>
 *   <li>{@code coco:FILE.json?images=DIR}</li>
 *   <li>{@code voc:DIR?split=NAME} (all annotations without a split)</li>
 *   <li>{@code cityscapes:DIR?split=train}; {@code foggy-cityscapes:DIR?split=val&beta=0.02}
 *       (split default train, beta default 0.02, one of 0.005, 0.01, 0.02)</li>
 *   <li>{@code kitti:DIR?van=true}: car only by default; {@code ?map=} maps KITTI types
 *       directly (e.g. {@code ?map=Car:car,Pedestrian:person})</li>
 *   <li>{@code images:DIR}</li>
 *   <li>{@code synth:SCENARIO/DOMAIN/SPLIT}, {@code synth:SCENARIO@STRENGTH/DOMAIN/SPLIT}</li>
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
    /** The fog density used when {@code foggy-cityscapes} names none (the DA literature's choice). */
    public static final String DEFAULT_FOG_BETA = "0.02";
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
        // KITTI applies ?map= itself: its DontCare regions need the final class list
        if (spec.options().containsKey("map") && !spec.format().equals("kitti")) {
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
            case "kitti" -> {
                if (spec.options().containsKey("map") && spec.options().containsKey("van")) {
                    throw new IllegalArgumentException("give either ?van= or ?map= for KITTI, not both, in '" + spec + "'");
                }
                for (String type : kittiMapping(spec).keySet()) {
                    if (!KittiReader.TYPES.contains(type)) {
                        throw new IllegalArgumentException("'" + type + "' in ?map= is not a KITTI type; types are "
                                + String.join(", ", KittiReader.TYPES));
                    }
                }
            }
            case "foggy-cityscapes" -> {
                String beta = spec.option("beta", DEFAULT_FOG_BETA);
                if (!CityscapesReader.FOG_BETAS.contains(beta)) {
                    throw new IllegalArgumentException("beta must be 0.005, 0.01 or 0.02 (the Foggy Cityscapes releases), got '"
                            + beta + "' in '" + spec + "'");
                }
            }
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
            case "voc" -> VocReader.read(path, spec.option("split", null));
            case "cityscapes" -> CityscapesReader.read(path, spec.option("split", "train"));
            case "foggy-cityscapes" -> CityscapesReader.readFoggy(path, spec.option("split", "train"),
                    spec.option("beta", DEFAULT_FOG_BETA));
            case "kitti" -> KittiReader.read(path, kittiMapping(spec));
            case "images" -> ImageFolderReader.read(path);
            default -> throw new IllegalArgumentException("unknown dataset format '" + spec.format() + "'");
        };
    }

    private static String[] synthParts(DatasetSpec spec) {
        String[] parts = spec.path().split("/");
        if (parts.length != 3 || List.of(parts).stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("synth dataset '" + spec + "' must be synth:SCENARIO/DOMAIN/SPLIT, "
                    + "for example synth:foggy/target/val (or synth:foggy@0.3/target/val for a shift strength)");
        }
        try {
            SynthPair.parse(parts[0]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("synth dataset '" + spec + "': " + e.getMessage());
        }
        return parts;
    }

    private static Map<String, String> kittiMapping(DatasetSpec spec) {
        return spec.options().containsKey("map")
                ? ClassMapping.parseMap(spec.options().get("map"))
                : KittiReader.defaultMapping(bool(spec, "van"));
    }

    static boolean bool(DatasetSpec spec, String key) {
        String v = spec.option(key, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("option " + key + " must be true or false, got '" + v + "' in '" + spec + "'");
        }
        return Boolean.parseBoolean(v);
    }
}
