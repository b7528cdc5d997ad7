package org.scda.data.mask;

import java.util.Arrays;

/**
 * A binary mask in COCO's uncompressed run-length encoding: {@code counts} alternate runs of
 * 0s and 1s, starting with 0s (a mask whose first pixel is set starts with a 0-length run),
 * over the pixels in <b>column-major</b> order (pixel {@code (x, y)} is position
 * {@code x * height + y}), exactly as pycocotools' {@code {"size": [h, w], "counts": [...]}}.
 * The counts add up to {@code height * width}. Immutable; arrays are copied in and out.
 *
 * <p>{@link #encode} and {@link #decode} convert from and to the row-major {@code boolean[]}
 * (index {@code y * width + x}) used elsewhere in scda.
 */
public final class Rle {
    private final int height;
    private final int width;
    private final int[] counts;

    /**
     * @param height image height in pixels, {@code >= 0}
     * @param width  image width in pixels, {@code >= 0}
     * @param counts run lengths, non-negative, adding up to {@code height * width}
     */
    public Rle(int height, int width, int[] counts) {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("mask size must be non-negative, got " + height + "x" + width);
        }
        long total = 0;
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("run lengths must be non-negative, got " + c);
            }
            total += c;
        }
        if (total != (long) height * width) {
            throw new IllegalArgumentException("run lengths add up to " + total + ", not " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        this.counts = counts.clone();
    }

    /**
     * Encodes a row-major mask.
     *
     * @param mask   {@code height * width} values, index {@code y * width + x}
     * @param height rows
     * @param width  columns
     */
    public static Rle encode(boolean[] mask, int height, int width) {
        if (mask.length != height * width) {
            throw new IllegalArgumentException("mask has " + mask.length + " values, not " + height + "x" + width);
        }
        int[] runs = new int[height * width + 1];
        int n = 0;
        boolean current = false;
        int run = 0;
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                boolean v = mask[y * width + x];
                if (v != current) {
                    runs[n++] = run;
                    run = 0;
                    current = v;
                }
                run++;
            }
        }
        runs[n++] = run;
        return new Rle(height, width, Arrays.copyOf(runs, n));
    }

    /** The mask of all pixels whose index range {@code [x0, x1) x [y0, y1)} is given, clipped. */
    public static Rle rectangle(int height, int width, int x0, int y0, int x1, int y1) {
        boolean[] mask = new boolean[height * width];
        for (int y = Math.max(0, y0); y < Math.min(height, y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(width, x1); x++) {
                mask[y * width + x] = true;
            }
        }
        return encode(mask, height, width);
    }

    /** The row-major mask, index {@code y * width + x}. */
    public boolean[] decode() {
        boolean[] mask = new boolean[height * width];
        int position = 0;
        boolean value = false;
        for (int c : counts) {
            if (value) {
                for (int p = position; p < position + c; p++) {
                    int x = p / height;
                    int y = p % height;
                    mask[y * width + x] = true;
                }
            }
            position += c;
            value = !value;
        }
        return mask;
    }

    /** Image rows (COCO {@code size[0]}). */
    public int height() {
        return height;
    }

    /** Image columns (COCO {@code size[1]}). */
    public int width() {
        return width;
    }

    /**
     * The counts in COCO's compressed string form (pycocotools {@code rleToString}, what
     * {@code mask.encode} returns and COCO results files carry): each count, from the fourth on
     * as the difference to the count two places before, written as 5-bit groups, low first,
     * each group plus a continuation bit as one character from 48 ({@code '0'}).
     */
    public String toCompressedString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            long x = counts[i];
            // pycocotools differences from the fourth count on (i > 2, not i >= 2)
            if (i > 2) {
                x -= counts[i - 2];
            }
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                out.append((char) (c + 48));
            }
        }
        return out.toString();
    }

    /**
     * Reads COCO's compressed string form (pycocotools {@code rleFrString}); the inverse of
     * {@link #toCompressedString()}.
     *
     * @throws IllegalArgumentException when the string is malformed or its counts do not add
     *                                  up to {@code height * width}
     */
    public static Rle fromCompressedString(int height, int width, String s) {
        int[] runs = new int[Math.max(1, s.length())];
        int m = 0;
        int p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= s.length()) {
                    throw new IllegalArgumentException("compressed RLE ends inside a count: " + s);
                }
                int c = s.charAt(p) - 48;
                if (c < 0 || c > 63 || k > 6) {
                    throw new IllegalArgumentException("not a compressed COCO RLE: " + s);
                }
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
            }
            if (m > 2) {
                x += runs[m - 2];
            }
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("compressed RLE decodes to an invalid count " + x);
            }
            runs[m++] = (int) x;
        }
        return new Rle(height, width, Arrays.copyOf(runs, m));
    }

    /** The run lengths, a copy. */
    public int[] counts() {
        return counts.clone();
    }

    /** Number of set pixels (pycocotools {@code area}). */
    public long area() {
        long area = 0;
        for (int i = 1; i < counts.length; i += 2) {
            area += counts[i];
        }
        return area;
    }

    /** Number of pixels set in both masks, computed on the runs without decoding. */
    public static long intersection(Rle a, Rle b) {
        checkSameSize(a, b);
        int ia = 0;
        int ib = 0;
        long remainingA = a.counts.length > 0 ? a.counts[0] : 0;
        long remainingB = b.counts.length > 0 ? b.counts[0] : 0;
        boolean valueA = false;
        boolean valueB = false;
        long inter = 0;
        while (true) {
            while (remainingA == 0 && ia < a.counts.length - 1) {
                ia++;
                remainingA = a.counts[ia];
                valueA = !valueA;
            }
            while (remainingB == 0 && ib < b.counts.length - 1) {
                ib++;
                remainingB = b.counts[ib];
                valueB = !valueB;
            }
            if (remainingA == 0 || remainingB == 0) {
                return inter;
            }
            long step = Math.min(remainingA, remainingB);
            if (valueA && valueB) {
                inter += step;
            }
            remainingA -= step;
            remainingB -= step;
        }
    }

    /**
     * Mask IoU as pycocotools' {@code maskUtils.iou(dt, gt, iscrowd)}: intersection over union,
     * or, when the ground truth is a crowd region, intersection over the detection's area (a
     * detection inside a crowd region then scores 1). 0 when the denominator is 0.
     *
     * @param detection   the predicted mask
     * @param groundTruth the ground-truth mask, of the same size
     * @param crowd       whether the ground truth is a crowd region
     */
    public static double iou(Rle detection, Rle groundTruth, boolean crowd) {
        long inter = intersection(detection, groundTruth);
        long denominator = crowd ? detection.area() : detection.area() + groundTruth.area() - inter;
        return denominator > 0 ? (double) inter / denominator : 0;
    }

    /** Plain mask IoU, {@link #iou(Rle, Rle, boolean)} without crowd. Symmetric. */
    public static double iou(Rle a, Rle b) {
        return iou(a, b, false);
    }

    private static void checkSameSize(Rle a, Rle b) {
        if (a.height != b.height || a.width != b.width) {
            throw new IllegalArgumentException("masks differ in size: " + a.height + "x" + a.width + " vs "
                    + b.height + "x" + b.width);
        }
    }

    /**
     * Two encodings are equal when they describe the same mask: zero-length runs other than
     * the leading one and a trailing empty run do not matter.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Rle r && height == r.height && width == r.width
                && Arrays.equals(canonical(counts), canonical(r.counts));
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(canonical(counts));
    }

    /** Merges runs separated by zero-length runs and drops a trailing zero-length run. */
    private static int[] canonical(int[] counts) {
        int[] out = new int[counts.length];
        int n = 0;
        for (int i = 0; i < counts.length; i++) {
            if (i > 0 && counts[i] == 0 && i + 1 < counts.length) {
                // runs i-1 and i+1 have the same value: merge them
                out[n - 1] += counts[i + 1];
                i++;
            } else {
                out[n++] = counts[i];
            }
        }
        if (n > 1 && out[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public String toString() {
        return "Rle[" + height + "x" + width + ", area " + area() + ", counts " + Arrays.toString(counts) + "]";
    }
}
