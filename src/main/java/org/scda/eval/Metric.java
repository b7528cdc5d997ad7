package org.scda.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which average precision to compute. Each names itself in its table and JSON so a number is
 * never reported without its metric: the domain-adaptation literature reports Cityscapes and
 * Foggy Cityscapes with {@link #VOC07}, and COCO AP50 is a different number again.
 */
public enum Metric {
    /** Pascal VOC 2007 11-point interpolated AP at IoU &gt; 0.5 ({@code voc_eval(use_07_metric=True)}). */
    VOC07("voc07", "VOC07 11-point AP@0.5"),
    /** Pascal VOC 2010+ all-point (area under the monotone PR curve) AP at IoU &gt; 0.5. */
    VOC("voc", "VOC all-point AP@0.5"),
    /** COCO AP averaged over IoU 0.50:0.05:0.95, 101 recall points, maxDets 100 (pycocotools). */
    COCO("coco", "COCO AP@[.50:.05:.95] (101-point, maxDets 100)");

    private final String cliName;
    private final String description;

    Metric(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /** The name used on the command line and in JSON: {@code voc07}, {@code voc}, {@code coco}. */
    public String cliName() {
        return cliName;
    }

    /** A human-readable statement of the metric, for table headers. */
    public String description() {
        return description;
    }

    /**
     * The metric with the given command-line name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown
     */
    public static Metric fromCliName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.cliName.equals(wanted)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'; expected one of " + names());
    }

    /** The accepted command-line names, comma separated. */
    public static String names() {
        return Arrays.stream(values()).map(Metric::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
