package org.scda.data;

import java.util.Arrays;

/**
 * A closed polygon in the same pixel coordinates as {@link BoundingBox}, stored as
 * {@code x0, y0, x1, y1, ...} (COCO's segmentation layout). Immutable: the array is copied in
 * and out.
 */
public final class Polygon {
    private final double[] xy;

    public Polygon(double[] xy) {
        if (xy.length < 6 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("a polygon needs at least 3 points as x,y pairs, got " + xy.length + " numbers");
        }
        for (double v : xy) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("polygon has a non-finite coordinate");
            }
        }
        this.xy = xy.clone();
    }

    /** The coordinates {@code x0, y0, x1, y1, ...}, a copy. */
    public double[] coordinates() {
        return xy.clone();
    }

    public int size() {
        return xy.length / 2;
    }

    public double x(int i) {
        return xy[2 * i];
    }

    public double y(int i) {
        return xy[2 * i + 1];
    }

    /** The polygon's extent; pixel-centre vertices are taken as points, not pixels. */
    public BoundingBox bounds() {
        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size(); i++) {
            minX = Math.min(minX, x(i));
            maxX = Math.max(maxX, x(i));
            minY = Math.min(minY, y(i));
            maxY = Math.max(maxY, y(i));
        }
        return new BoundingBox(minX, minY, maxX, maxY);
    }

    /** Shoelace area. */
    public double area() {
        double s = 0;
        int n = size();
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            s += x(i) * y(j) - x(j) * y(i);
        }
        return Math.abs(s) / 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Polygon p && Arrays.equals(xy, p.xy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xy);
    }

    @Override
    public String toString() {
        return "Polygon" + Arrays.toString(xy);
    }
}
