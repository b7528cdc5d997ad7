package org.scda.data.synth;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scda.data.Polygon;

/** Area, outline and hull helpers on Java2D shapes, in pixel units. */
final class Geometry {
    /** Curve flattening tolerance in the shape's units. */
    private static final double FLATNESS = 0.3;

    private Geometry() {
    }

    /** The closed rings of a shape's outline, each as {@code x0, y0, x1, y1, ...}. */
    static List<double[]> rings(Shape shape) {
        List<double[]> rings = new ArrayList<>();
        double[] buf = new double[6];
        double[] pts = new double[64];
        int n = 0;
        for (PathIterator it = shape.getPathIterator(null, FLATNESS); !it.isDone(); it.next()) {
            int type = it.currentSegment(buf);
            if (type == PathIterator.SEG_MOVETO) {
                if (n >= 6) {
                    rings.add(Arrays.copyOf(pts, n));
                }
                n = 0;
            }
            if (type == PathIterator.SEG_MOVETO || type == PathIterator.SEG_LINETO) {
                if (n + 2 > pts.length) {
                    pts = Arrays.copyOf(pts, pts.length * 2);
                }
                pts[n++] = buf[0];
                pts[n++] = buf[1];
            }
        }
        if (n >= 6) {
            rings.add(Arrays.copyOf(pts, n));
        }
        return rings;
    }

    /** Signed shoelace area of a ring. */
    static double signedArea(double[] ring) {
        double s = 0;
        int n = ring.length / 2;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            s += ring[2 * i] * ring[2 * j + 1] - ring[2 * j] * ring[2 * i + 1];
        }
        return s / 2;
    }

    /** The area covered by an {@link Area} (outer rings minus holes). */
    static double area(Area area) {
        double s = 0;
        for (double[] r : rings(area)) {
            s += signedArea(r);
        }
        return Math.abs(s);
    }

    /**
     * The outer outlines of an area as polygons: rings wound like the largest ring (holes wind
     * the other way and are left out), at least {@code minArea} in size, coordinates rounded to
     * 0.01.
     */
    static List<Polygon> outerPolygons(Area area, double minArea) {
        List<double[]> rings = rings(area);
        double largest = 0;
        for (double[] r : rings) {
            double a = signedArea(r);
            if (Math.abs(a) > Math.abs(largest)) {
                largest = a;
            }
        }
        List<Polygon> out = new ArrayList<>();
        for (double[] r : rings) {
            double a = signedArea(r);
            if (Math.signum(a) == Math.signum(largest) && Math.abs(a) >= minArea) {
                double[] rounded = dedupe(r);
                if (rounded.length >= 6) {
                    out.add(new Polygon(rounded));
                }
            }
        }
        return out;
    }

    /** A ring rounded to 0.01 without repeated consecutive points (nor a last point equal to the first). */
    private static double[] dedupe(double[] ring) {
        double[] out = new double[ring.length];
        int n = 0;
        for (int i = 0; i < ring.length; i += 2) {
            double x = Math.round(ring[i] * 100) / 100.0;
            double y = Math.round(ring[i + 1] * 100) / 100.0;
            if (n >= 2 && out[n - 2] == x && out[n - 1] == y) {
                continue;
            }
            out[n++] = x;
            out[n++] = y;
        }
        if (n >= 4 && out[0] == out[n - 2] && out[1] == out[n - 1]) {
            n -= 2;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The convex hull of a shape's flattened outline (monotone chain). */
    static Shape convexHull(Shape shape) {
        List<double[]> points = new ArrayList<>();
        for (double[] r : rings(shape)) {
            for (int i = 0; i < r.length; i += 2) {
                points.add(new double[] {r[i], r[i + 1]});
            }
        }
        points.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int n = points.size();
        double[][] hull = new double[2 * n][];
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k >= 2 && cross(hull[k - 2], hull[k - 1], points.get(i)) <= 0) {
                k--;
            }
            hull[k++] = points.get(i);
        }
        for (int i = n - 2, lower = k + 1; i >= 0; i--) {
            while (k >= lower && cross(hull[k - 2], hull[k - 1], points.get(i)) <= 0) {
                k--;
            }
            hull[k++] = points.get(i);
        }
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < k - 1; i++) {
            if (i == 0) {
                p.moveTo(hull[i][0], hull[i][1]);
            } else {
                p.lineTo(hull[i][0], hull[i][1]);
            }
        }
        p.closePath();
        return p;
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
}
