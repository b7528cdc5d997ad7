package org.scda.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image id each image file gets in a results file. A results file is scored against ground
 * truth by image id alone, so detections made on the ground truth's images under other ids
 * score against the wrong boxes: {@link #byFileName} takes the ids from the ground truth,
 * matching files by file name; {@link #sequential} numbers files 1, 2, ... for images without
 * ground truth.
 */
public final class ImageIds {
    /** The skip-report reason of a file whose name is not among the ground truth's images. */
    public static final String NOT_IN_GROUND_TRUTH = "image not in the ground truth, skipped";

    /**
     * An image file and its id.
     *
     * @param id   the image id its detections carry
     * @param file the image file
     */
    public record Numbered(long id, Path file) {
    }

    /**
     * The files with their ids, and what could not be matched.
     *
     * @param images              the files that got an id, in the order given
     * @param skipped             the files that got none, counted by reason
     * @param groundTruthUnmatched ground-truth images that no given file matched (their objects
     *                            count as missed when the detections are scored)
     */
    public record Assignment(List<Numbered> images, SkipReport skipped, List<Path> groundTruthUnmatched) {
        public Assignment {
            images = List.copyOf(images);
            groundTruthUnmatched = List.copyOf(groundTruthUnmatched);
        }
    }

    private ImageIds() {
    }

    /** Ids 1, 2, ... in the order of {@code files}. */
    public static Assignment sequential(List<Path> files) {
        List<Numbered> out = new ArrayList<>(files.size());
        long id = 1;
        for (Path f : files) {
            out.add(new Numbered(id++, f));
        }
        return new Assignment(out, SkipReport.empty(), List.of());
    }

    /**
     * The ids of the ground-truth images with the same file name (the last path component of
     * the ground truth's {@code file_name}). A file whose name is not in the ground truth is
     * skipped and counted ({@link #NOT_IN_GROUND_TRUTH}).
     *
     * @param groundTruthFile names the ground truth in errors
     * @throws DataFormatException when a file's name belongs to two ground-truth images, which
     *                             file names cannot tell apart
     */
    public static Assignment byFileName(List<Path> files, DetectionDataset groundTruth, Path groundTruthFile) {
        Map<String, List<DetectionSample>> byName = new HashMap<>();
        for (DetectionSample s : groundTruth.samples()) {
            byName.computeIfAbsent(s.image().getFileName().toString(), k -> new ArrayList<>()).add(s);
        }
        List<Numbered> out = new ArrayList<>();
        SkipReport.Builder skips = new SkipReport.Builder();
        Set<Long> matched = new HashSet<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            List<DetectionSample> named = byName.get(name);
            if (named == null) {
                skips.add(NOT_IN_GROUND_TRUTH, f.toString());
                continue;
            }
            if (named.size() > 1) {
                throw new DataFormatException(groundTruthFile, "images " + named.stream().map(x -> String.valueOf(x.id()))
                        .toList() + " are all named " + name + ", so " + f + " cannot be matched to one image id");
            }
            DetectionSample s = named.get(0);
            out.add(new Numbered(s.id(), f));
            matched.add(s.id());
        }
        List<Path> unmatched = groundTruth.samples().stream().filter(s -> !matched.contains(s.id()))
                .map(DetectionSample::image).toList();
        return new Assignment(out, skips.build(), unmatched);
    }
}
