package org.scda.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts that describe a dataset: images, boxes and ignore regions per class, boxes by COCO
 * size (small: area below 32^2, medium: below 96^2, large: the rest), a histogram of box
 * heights in powers of two, and the reader's skip report. Only boxes that count (not ignore
 * regions) enter the size buckets and the histogram. Immutable.
 *
 * @param name          the dataset's name
 * @param images        number of images
 * @param labelled      whether the dataset carries labels
 * @param minWidth      smallest image width (0 without images)
 * @param maxWidth      largest image width
 * @param minHeight     smallest image height
 * @param maxHeight     largest image height
 * @param classes       per-class counts, in class id order
 * @param sizeBuckets   counted boxes that are small, medium, large
 * @param heightBins    counted boxes per height bin {@link #HEIGHT_EDGES}
 * @param skipped       what the reader skipped and why
 */
public record DatasetStats(String name, int images, boolean labelled, int minWidth, int maxWidth, int minHeight,
                           int maxHeight, List<ClassCount> classes, long[] sizeBuckets, long[] heightBins,
                           SkipReport skipped) {
    /** Lower edges of the box-height bins in pixels; the last bin is open. */
    public static final int[] HEIGHT_EDGES = {0, 8, 16, 32, 64, 128, 256, 512};
    public static final double SMALL_AREA = 32 * 32;
    public static final double MEDIUM_AREA = 96 * 96;

    private static final int BAR_WIDTH = 40;

    /**
     * Counts for one class.
     *
     * @param name    class name
     * @param boxes   boxes that count (not ignore)
     * @param ignored ignore regions (crowd, difficult, DontCare)
     * @param images  images with at least one counted box of the class
     */
    public record ClassCount(String name, long boxes, long ignored, long images) {
    }

    public DatasetStats {
        classes = List.copyOf(classes);
        sizeBuckets = sizeBuckets.clone();
        heightBins = heightBins.clone();
    }

    /** Computes the statistics of {@code ds}. */
    public static DatasetStats of(DetectionDataset ds) {
        int n = ds.numClasses();
        long[] boxes = new long[n];
        long[] ignored = new long[n];
        long[] images = new long[n];
        long[] buckets = new long[3];
        long[] heights = new long[HEIGHT_EDGES.length];
        int minW = Integer.MAX_VALUE, maxW = 0, minH = Integer.MAX_VALUE, maxH = 0;
        for (DetectionSample s : ds.samples()) {
            minW = Math.min(minW, s.width());
            maxW = Math.max(maxW, s.width());
            minH = Math.min(minH, s.height());
            maxH = Math.max(maxH, s.height());
            boolean[] seen = new boolean[n];
            for (ObjectAnnotation o : s.objects()) {
                if (o.ignore()) {
                    ignored[o.classId()]++;
                    continue;
                }
                boxes[o.classId()]++;
                seen[o.classId()] = true;
                double area = o.box().area();
                buckets[area < SMALL_AREA ? 0 : area < MEDIUM_AREA ? 1 : 2]++;
                heights[heightBin(o.box().height())]++;
            }
            for (int c = 0; c < n; c++) {
                if (seen[c]) {
                    images[c]++;
                }
            }
        }
        List<ClassCount> classes = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            classes.add(new ClassCount(ds.classNames().get(c), boxes[c], ignored[c], images[c]));
        }
        if (ds.size() == 0) {
            minW = 0;
            minH = 0;
        }
        return new DatasetStats(ds.name(), ds.size(), ds.labelled(), minW, maxW, minH, maxH, classes, buckets, heights,
                ds.skipped());
    }

    /** The bin of {@link #HEIGHT_EDGES} a box of this height falls in. */
    public static int heightBin(double height) {
        int bin = 0;
        while (bin + 1 < HEIGHT_EDGES.length && height >= HEIGHT_EDGES[bin + 1]) {
            bin++;
        }
        return bin;
    }

    /** Counted boxes that are small, medium, large; a copy. */
    @Override
    public long[] sizeBuckets() {
        return sizeBuckets.clone();
    }

    /** Counted boxes per height bin; a copy. */
    @Override
    public long[] heightBins() {
        return heightBins.clone();
    }

    /** Counted boxes of all classes. */
    public long totalBoxes() {
        return classes.stream().mapToLong(ClassCount::boxes).sum();
    }

    /** Ignore regions of all classes. */
    public long totalIgnored() {
        return classes.stream().mapToLong(ClassCount::ignored).sum();
    }

    /** A report for people, one item a line. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("dataset: " + name);
        out.add(String.format(Locale.ROOT, "images: %d (%s), sizes %dx%d .. %dx%d", images,
                labelled ? "labelled" : "unlabelled", minWidth, minHeight, maxWidth, maxHeight));
        out.add("classes: " + classes.size());
        if (labelled) {
            out.add(String.format(Locale.ROOT, "  %-16s %8s %8s %8s", "class", "boxes", "ignore", "images"));
            for (ClassCount c : classes) {
                out.add(String.format(Locale.ROOT, "  %-16s %8d %8d %8d", c.name(), c.boxes(), c.ignored(), c.images()));
            }
            out.add(String.format(Locale.ROOT, "  %-16s %8d %8d", "total", totalBoxes(), totalIgnored()));
            long total = Math.max(1, totalBoxes());
            out.add(String.format(Locale.ROOT, "box sizes (COCO): small %d (%.1f%%), medium %d (%.1f%%), large %d (%.1f%%)",
                    sizeBuckets[0], 100.0 * sizeBuckets[0] / total, sizeBuckets[1], 100.0 * sizeBuckets[1] / total,
                    sizeBuckets[2], 100.0 * sizeBuckets[2] / total));
            out.add("box heights (px):");
            long max = 1;
            for (long h : heightBins) {
                max = Math.max(max, h);
            }
            for (int b = 0; b < heightBins.length; b++) {
                String range = b + 1 < HEIGHT_EDGES.length
                        ? HEIGHT_EDGES[b] + "-" + HEIGHT_EDGES[b + 1] : HEIGHT_EDGES[b] + "+";
                int bar = (int) Math.round((double) BAR_WIDTH * heightBins[b] / max);
                out.add(String.format(Locale.ROOT, "  %8s %8d %s", range, heightBins[b], "#".repeat(bar)));
            }
        }
        if (skipped.isEmpty()) {
            out.add("skipped: nothing");
        } else {
            out.add("skipped: " + skipped.total());
            skipped.describe().forEach(line -> out.add("  " + line));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetStats s && name.equals(s.name) && images == s.images && labelled == s.labelled
                && minWidth == s.minWidth && maxWidth == s.maxWidth && minHeight == s.minHeight
                && maxHeight == s.maxHeight && classes.equals(s.classes)
                && java.util.Arrays.equals(sizeBuckets, s.sizeBuckets) && java.util.Arrays.equals(heightBins, s.heightBins)
                && skipped.equals(s.skipped);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, images, classes, java.util.Arrays.hashCode(heightBins));
    }
}
