package org.scda.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;

/**
 * Whether a results file's image ids name the ground truth's images. Detections are scored by
 * image id alone, so detections numbered for another list of the same images score against
 * the wrong boxes and give a wrong mAP without any error. Two signs are looked for: image ids
 * the ground truth does not have, and, for detections that carry the file name of their image
 * ({@code scda detect} writes it), a name other than the ground truth's {@code file_name} for
 * that id. File names are compared by their last path component.
 */
public final class ImageIdCheck {
    private static final int EXAMPLES = 3;

    private ImageIdCheck() {
    }

    /**
     * One-line warnings, none when the ids agree with the ground truth.
     *
     * @param fileNames       each detection's file name (same order as {@code detections}), null
     *                        entries for none; null when the file carries no names
     * @param groundTruthFile names the ground truth in the warnings
     * @param detectionsFile  names the detections in the warnings
     */
    public static List<String> warnings(DetectionDataset groundTruth, Path groundTruthFile, List<Detection> detections,
                                        List<String> fileNames, Path detectionsFile) {
        Map<Long, String> gtName = new HashMap<>();
        for (DetectionSample s : groundTruth.samples()) {
            gtName.put(s.id(), s.image().getFileName().toString());
        }
        List<String> out = new ArrayList<>();
        Set<Long> unknown = new LinkedHashSet<>();
        int unknownDetections = 0;
        Set<String> disagreements = new LinkedHashSet<>();
        int disagreeing = 0;
        for (int i = 0; i < detections.size(); i++) {
            long id = detections.get(i).imageId();
            String expected = gtName.get(id);
            if (expected == null) {
                unknownDetections++;
                unknown.add(id);
                continue;
            }
            String name = fileNames == null ? null : fileNames.get(i);
            if (name != null && !baseName(name).equals(expected)) {
                disagreeing++;
                if (disagreements.size() < EXAMPLES) {
                    disagreements.add("image id " + id + " is " + baseName(name) + " in the detections but "
                            + expected + " in the ground truth");
                }
            }
        }
        if (unknownDetections > 0) {
            out.add(unknownDetections + " of " + detections.size() + " detections in " + detectionsFile
                    + " name image ids that are not in " + groundTruthFile + " (e.g. "
                    + unknown.stream().limit(5).map(String::valueOf).collect(Collectors.joining(", "))
                    + "); they were not evaluated");
        }
        if (disagreeing > 0) {
            out.add(disagreeing + " of " + detections.size() + " detections in " + detectionsFile
                    + " were made on other images than their ids have in " + groundTruthFile + " ("
                    + String.join("; ", disagreements)
                    + "): the mAP compares the wrong boxes; run scda detect --gt " + groundTruthFile);
        }
        return out;
    }

    /** The last component of a file name written with slashes or backslashes. */
    static String baseName(String fileName) {
        return fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    }
}
