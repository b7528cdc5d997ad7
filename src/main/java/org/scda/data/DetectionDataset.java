package org.scda.data;

import java.util.List;
import java.util.Objects;

/**
 * A set of images with the class names their labels refer to. Immutable.
 *
 * @param name       where it came from (a dataset spec or a path), for messages and provenance
 * @param classNames class names; {@link ObjectAnnotation#classId()} indexes this list
 * @param samples    the images
 * @param labelled   false for target-domain images whose labels must not be used
 * @param skipped    what the reader passed over or repaired, and why
 */
public record DetectionDataset(String name, List<String> classNames, List<DetectionSample> samples,
                               boolean labelled, SkipReport skipped) {

    public DetectionDataset {
        Objects.requireNonNull(name, "name");
        classNames = List.copyOf(classNames);
        samples = List.copyOf(samples);
        Objects.requireNonNull(skipped, "skipped");
        for (DetectionSample s : samples) {
            for (ObjectAnnotation o : s.objects()) {
                if (o.classId() >= classNames.size()) {
                    throw new IllegalArgumentException("image " + s.image() + " has class id " + o.classId()
                            + " but the dataset has only " + classNames.size() + " classes");
                }
            }
        }
    }

    public int size() {
        return samples.size();
    }

    /** Whether any counted object has instance polygons (mask ground truth). */
    public boolean hasPolygons() {
        return samples.stream().anyMatch(s -> s.countedObjects().stream().anyMatch(ObjectAnnotation::hasMask));
    }

    public int numClasses() {
        return classNames.size();
    }

    /** The same images without their labels, for use as an unlabelled target domain. */
    public DetectionDataset withoutLabels() {
        List<DetectionSample> bare = samples.stream()
                .map(s -> DetectionSample.unlabelled(s.id(), s.image(), s.width(), s.height()))
                .toList();
        return new DetectionDataset(name, classNames, bare, false, skipped);
    }

    /** The first {@code n} images (all when {@code n >= size()}). */
    public DetectionDataset limit(int n) {
        return new DetectionDataset(name, classNames, samples.subList(0, Math.min(n, samples.size())), labelled, skipped);
    }
}
