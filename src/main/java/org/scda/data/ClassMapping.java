package org.scda.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Class selection and renaming for cross-dataset runs (for example KITTI -> Cityscapes on
 * {@code car} only), as pure functions from one {@link DetectionDataset} to another. Objects
 * whose class is not kept are dropped and counted in the skip report, one reason per source
 * class. A requested class that the dataset does not have is not an error (a split may lack a
 * class, and source and target must share one class list) but is reported in the skip report,
 * so that a misspelt name shows in {@code scda data stats}.
 */
public final class ClassMapping {
    private ClassMapping() {
    }

    /**
     * Keeps only the named classes; the result's class list is exactly {@code classes}, in that
     * order.
     */
    public static DetectionDataset keep(DetectionDataset ds, List<String> classes) {
        Map<String, String> identity = new LinkedHashMap<>();
        for (String c : classes) {
            identity.put(c, c);
        }
        return apply(ds, identity, List.copyOf(new LinkedHashSet<>(classes)), "?classes=");
    }

    /**
     * Renames classes: {@code sourceToTarget} maps a dataset class name to a new name (several
     * sources may share one target, as in {@code Van:car,Car:car}); unmapped classes are dropped.
     * The new class list is the targets in order of first appearance. Ignore regions that become
     * exact duplicates are kept once.
     */
    public static DetectionDataset rename(DetectionDataset ds, Map<String, String> sourceToTarget) {
        return apply(ds, sourceToTarget, List.copyOf(new LinkedHashSet<>(sourceToTarget.values())), "?map=");
    }

    /** Parses {@code car,person} into a list, trimming blanks. */
    public static List<String> parseClasses(String text) {
        List<String> out = new ArrayList<>();
        for (String c : text.split(",")) {
            if (!c.isBlank()) {
                out.add(c.trim());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("?classes= names no class");
        }
        return out;
    }

    /** Parses {@code Van:car,Car:car} into an ordered map. */
    public static Map<String, String> parseMap(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.lastIndexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new IllegalArgumentException("class mapping '" + pair + "' is not SOURCE:TARGET (in ?map=" + text + ")");
            }
            String source = pair.substring(0, colon).trim();
            if (out.put(source, pair.substring(colon + 1).trim()) != null) {
                throw new IllegalArgumentException("class '" + source + "' is mapped twice in ?map=" + text);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("?map= maps no class");
        }
        return out;
    }

    private static DetectionDataset apply(DetectionDataset ds, Map<String, String> sourceToTarget,
                                          List<String> targets, String option) {
        SkipReport.Builder skips = new SkipReport.Builder().addAll(ds.skipped());
        for (String source : sourceToTarget.keySet()) {
            if (!ds.classNames().contains(source)) {
                skips.add("class named in " + option + " not in the dataset", source + " (dataset classes: "
                        + String.join(", ", ds.classNames()) + ")");
            }
        }
        int[] newId = new int[ds.numClasses()];
        for (int c = 0; c < newId.length; c++) {
            String target = sourceToTarget.get(ds.classNames().get(c));
            newId[c] = target == null ? -1 : targets.indexOf(target);
        }
        List<DetectionSample> samples = new ArrayList<>(ds.size());
        for (DetectionSample s : ds.samples()) {
            List<ObjectAnnotation> kept = new ArrayList<>();
            Set<ObjectAnnotation> ignoreSeen = new LinkedHashSet<>();
            for (ObjectAnnotation o : s.objects()) {
                int id = newId[o.classId()];
                if (id < 0) {
                    skips.add("object of class '" + ds.classNames().get(o.classId()) + "' dropped by " + option,
                            s.image().getFileName().toString());
                    continue;
                }
                ObjectAnnotation mapped = new ObjectAnnotation(o.box(), id, o.ignore(), o.polygons());
                if (!mapped.ignore() || ignoreSeen.add(mapped)) {
                    kept.add(mapped);
                }
            }
            samples.add(new DetectionSample(s.id(), s.image(), s.width(), s.height(), kept));
        }
        return new DetectionDataset(ds.name(), targets, samples, ds.labelled(), skips.build());
    }
}
