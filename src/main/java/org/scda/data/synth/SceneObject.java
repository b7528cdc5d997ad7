package org.scda.data.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One object of a scene, a flat "billboard" standing on the ground at world position
 * {@code (x, z)} facing the camera. Its parts are drawn in local metres: origin at the middle
 * of its ground contact, x to the right, y downwards (so the roof of a 1.5 m car is at
 * {@code y = -1.5}). Labelled objects have a class id of {@link SynthClasses}; clutter (trees,
 * lamp posts) has class id -1 and only occludes.
 */
final class SceneObject {
    /** What is placed. */
    enum Kind { CAR, PERSON, BUS, BICYCLE, TREE, POLE }

    /** A filled part in local metres with its base colour. */
    record Part(Shape shape, Color colour) {
    }

    /** Thinnest bicycle tube in metres, so that far bicycles stay about a pixel wide. */
    static final double MIN_BICYCLE_STROKE = 0.05;

    final Kind kind;
    final int classId;
    final double x;
    final double z;
    /** Footprint half-width in metres along x, for placement without interpenetration. */
    final double halfWidth;
    /** Footprint length along z in metres. */
    final double length;
    final List<Part> parts;
    private final boolean hullMask;
    /** Key of a shape shared by every object drawn alike ({@link #SHARED}), or null. */
    private final String sharedKey;
    /** Built on first use: most placement attempts are rejected on their footprint alone. */
    private Outlines outlines;

    /** The union of the parts and the mask outline. Read by path iteration only, never changed. */
    private record Outlines(Area silhouette, Shape maskOutline) {
    }

    /**
     * Outlines of objects whose shape does not depend on any drawn number: the thinnest-stroke
     * bicycle, plain and mirrored. Its union of stroked parts costs about 25 ms, twenty times a
     * car's, and nearly every bicycle of the built-in cameras has that stroke. Bounded by the
     * number of keys; an entry is what {@link #buildOutlines} gives any object of its key.
     */
    private static final Map<String, Outlines> SHARED = new ConcurrentHashMap<>();

    private SceneObject(Kind kind, double x, double z, double halfWidth, double length, List<Part> parts,
                        boolean hullMask, String sharedKey) {
        this.kind = kind;
        this.classId = switch (kind) {
            case CAR -> SynthClasses.CAR;
            case PERSON -> SynthClasses.PERSON;
            case BUS -> SynthClasses.BUS;
            case BICYCLE -> SynthClasses.BICYCLE;
            default -> -1;
        };
        this.x = x;
        this.z = z;
        this.halfWidth = halfWidth;
        this.length = length;
        this.parts = List.copyOf(parts);
        this.hullMask = hullMask;
        this.sharedKey = sharedKey;
    }

    /** Union of the parts: the pixels the object covers, in local metres. Do not modify. */
    Area silhouette() {
        return outlines().silhouette();
    }

    /** A simple outline used for the instance mask: the silhouette, or its hull for bicycles. */
    Shape maskOutline() {
        return outlines().maskOutline();
    }

    private Outlines outlines() {
        if (outlines == null) {
            outlines = sharedKey == null ? buildOutlines() : SHARED.computeIfAbsent(sharedKey, k -> buildOutlines());
        }
        return outlines;
    }

    private Outlines buildOutlines() {
        Area sil = new Area();
        for (Part p : parts) {
            sil.add(new Area(p.shape()));
        }
        return new Outlines(sil, hullMask ? Geometry.convexHull(sil) : sil);
    }

    boolean labelled() {
        return classId >= 0;
    }

    /** Builds an object of {@code kind}; {@code metresPerPixel} keeps thin parts at least ~1 px wide. */
    static SceneObject create(Kind kind, double x, double z, boolean side, boolean mirror, double metresPerPixel,
                              Palette palette, SplittableRandom rng) {
        List<Part> parts = new ArrayList<>();
        double halfWidth;
        double length;
        boolean hull = false;
        String sharedKey = null;
        switch (kind) {
            case CAR -> {
                Color c = palette.carColour(rng);
                double h = 1.38 + 0.2 * rng.nextDouble();
                if (side) {
                    double l = 3.9 + 0.8 * rng.nextDouble();
                    carSide(parts, l, h, c, palette);
                    halfWidth = l / 2;
                    length = 2;
                } else {
                    double w = 1.7 + 0.2 * rng.nextDouble();
                    carRear(parts, w, h, c, palette);
                    halfWidth = w / 2;
                    length = 4.3;
                }
            }
            case BUS -> {
                Color c = palette.busColour(rng);
                double h = 3.0 + 0.4 * rng.nextDouble();
                if (side) {
                    double l = 9 + 3 * rng.nextDouble();
                    busSide(parts, l, h, c, palette);
                    halfWidth = l / 2;
                    length = 2.6;
                } else {
                    busRear(parts, 2.5, h, c, palette);
                    halfWidth = 1.25;
                    length = 10;
                }
            }
            case PERSON -> {
                double h = 1.55 + 0.35 * rng.nextDouble();
                double stride = 0.13 * h * rng.nextDouble();
                person(parts, h, stride, palette.shirt(rng), palette.trousers(rng), palette.skin(rng), palette.hair(rng));
                halfWidth = 0.35;
                length = 0.6;
            }
            case BICYCLE -> {
                double stroke = Math.max(MIN_BICYCLE_STROKE, 1.1 * metresPerPixel);
                bicycle(parts, stroke, palette.frame(rng), palette.tyre());
                if (stroke == MIN_BICYCLE_STROKE) {
                    sharedKey = mirror ? "bicycle-thinnest-mirrored" : "bicycle-thinnest";
                }
                halfWidth = 0.9;
                length = 0.8;
                hull = true;
            }
            case TREE -> {
                double trunkH = 1.8 + 1.2 * rng.nextDouble();
                double crown = 1.0 + 0.8 * rng.nextDouble();
                parts.add(new Part(new Rectangle2D.Double(-0.13, -trunkH - 0.3, 0.26, trunkH + 0.3), palette.trunk(rng)));
                parts.add(new Part(new Ellipse2D.Double(-crown, -trunkH - 1.6 * crown, 2 * crown, 1.9 * crown),
                        palette.foliage(rng)));
                halfWidth = 0.4;
                length = 0.8;
            }
            case POLE -> {
                double h = 4 + 2 * rng.nextDouble();
                double w = Math.max(0.1, 1.0 * metresPerPixel);
                Color grey = palette.pole();
                parts.add(new Part(new Rectangle2D.Double(-w / 2, -h, w, h), grey));
                parts.add(new Part(new Rectangle2D.Double(-w / 2, -h, 1.1, w), grey));
                parts.add(new Part(new Rectangle2D.Double(0.8, -h + w, 0.4, 0.15), new Color(250, 245, 200)));
                halfWidth = 0.2;
                length = 0.3;
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        if (mirror) {
            AffineTransform flip = AffineTransform.getScaleInstance(-1, 1);
            parts.replaceAll(p -> new Part(flip.createTransformedShape(p.shape()), p.colour()));
        }
        return new SceneObject(kind, x, z, halfWidth, length, parts, hull, sharedKey);
    }

    /** True when the footprints on the ground overlap, i.e. the objects would stand inside each other. */
    boolean collides(SceneObject o) {
        return Math.abs(x - o.x) < halfWidth + o.halfWidth + 0.2 && z < o.z + o.length && o.z < z + length;
    }

    private static void carRear(List<Part> parts, double w, double h, Color c, Palette pal) {
        Color tyre = pal.tyre();
        parts.add(new Part(new Rectangle2D.Double(-w / 2 + 0.08, -0.42, 0.3, 0.42), tyre));
        parts.add(new Part(new Rectangle2D.Double(w / 2 - 0.38, -0.42, 0.3, 0.42), tyre));
        parts.add(new Part(new RoundRectangle2D.Double(-w / 2, -0.62 * h, w, 0.62 * h - 0.16, 0.25, 0.25), c));
        parts.add(new Part(poly(-0.47 * w, -0.6 * h, -0.36 * w, -h, 0.36 * w, -h, 0.47 * w, -0.6 * h), c));
        parts.add(new Part(poly(-0.40 * w, -0.64 * h, -0.32 * w, -0.94 * h, 0.32 * w, -0.94 * h, 0.40 * w, -0.64 * h),
                pal.glass()));
        Color light = new Color(215, 25, 25);
        parts.add(new Part(new Rectangle2D.Double(-w / 2 + 0.05, -0.58 * h, 0.28, 0.1), light));
        parts.add(new Part(new Rectangle2D.Double(w / 2 - 0.33, -0.58 * h, 0.28, 0.1), light));
        parts.add(new Part(new Rectangle2D.Double(-0.22, -0.44, 0.44, 0.12), new Color(240, 240, 235)));
        parts.add(new Part(new Rectangle2D.Double(-w / 2, -0.3, w, 0.09), pal.trim()));
    }

    private static void carSide(List<Part> parts, double l, double h, Color c, Palette pal) {
        parts.add(new Part(new RoundRectangle2D.Double(-l / 2, -0.6 * h, l, 0.6 * h - 0.14, 0.4, 0.4), c));
        parts.add(new Part(poly(-0.33 * l, -0.58 * h, -0.19 * l, -h, 0.17 * l, -h, 0.32 * l, -0.58 * h), c));
        parts.add(new Part(poly(-0.29 * l, -0.62 * h, -0.175 * l, -0.94 * h, 0.155 * l, -0.94 * h,
                0.28 * l, -0.62 * h), pal.glass()));
        parts.add(new Part(new Rectangle2D.Double(-0.03 * l, -0.97 * h, 0.05, 0.37 * h), c));
        parts.add(new Part(new Rectangle2D.Double(0.46 * l, -0.52 * h, 0.04 * l, 0.1), new Color(250, 240, 190)));
        for (double sx : new double[] {-0.3 * l, 0.3 * l}) {
            parts.add(new Part(new Ellipse2D.Double(sx - 0.33, -0.66, 0.66, 0.66), pal.tyre()));
            parts.add(new Part(new Ellipse2D.Double(sx - 0.15, -0.48, 0.3, 0.3), new Color(170, 170, 175)));
        }
    }

    private static void busRear(List<Part> parts, double w, double h, Color c, Palette pal) {
        parts.add(new Part(new Rectangle2D.Double(-w / 2 + 0.12, -0.45, 0.38, 0.45), pal.tyre()));
        parts.add(new Part(new Rectangle2D.Double(w / 2 - 0.5, -0.45, 0.38, 0.45), pal.tyre()));
        parts.add(new Part(new RoundRectangle2D.Double(-w / 2, -h, w, h - 0.28, 0.35, 0.35), c));
        parts.add(new Part(new Rectangle2D.Double(-0.42 * w, -0.93 * h, 0.84 * w, 0.3 * h), pal.glass()));
        parts.add(new Part(new Rectangle2D.Double(-w / 2, -0.52 * h, w, 0.06 * h), pal.stripe(c)));
        Color light = new Color(215, 25, 25);
        parts.add(new Part(new Rectangle2D.Double(-w / 2 + 0.1, -0.36 * h, 0.2, 0.22), light));
        parts.add(new Part(new Rectangle2D.Double(w / 2 - 0.3, -0.36 * h, 0.2, 0.22), light));
        parts.add(new Part(new Rectangle2D.Double(-w / 2, -0.4, w, 0.12), pal.trim()));
    }

    private static void busSide(List<Part> parts, double l, double h, Color c, Palette pal) {
        parts.add(new Part(new RoundRectangle2D.Double(-l / 2, -h, l, h - 0.3, 0.5, 0.5), c));
        int n = (int) Math.floor((l - 2.2) / 1.45);
        Color glass = pal.glass();
        for (int i = 0; i < n; i++) {
            parts.add(new Part(new Rectangle2D.Double(-l / 2 + 0.4 + i * 1.45, -0.88 * h, 1.2, 0.3 * h), glass));
        }
        parts.add(new Part(new Rectangle2D.Double(l / 2 - 1.55, -0.88 * h, 1.2, 0.8 * h - 0.3), glass));
        parts.add(new Part(new Rectangle2D.Double(-l / 2, -0.5 * h, l - 1.7, 0.07 * h), pal.stripe(c)));
        for (double sx : new double[] {-0.33 * l, 0.3 * l}) {
            parts.add(new Part(new Ellipse2D.Double(sx - 0.5, -1.0, 1.0, 1.0), pal.tyre()));
            parts.add(new Part(new Ellipse2D.Double(sx - 0.22, -0.72, 0.44, 0.44), new Color(160, 160, 165)));
        }
    }

    private static void person(List<Part> parts, double h, double stride, Color shirt, Color trousers, Color skin,
                               Color hair) {
        double legW = 0.085 * h;
        double hipY = -0.49 * h;
        parts.add(new Part(poly(-0.075 * h, hipY, -0.075 * h + legW, hipY, -0.01 * h - stride / 2 + legW, 0,
                -0.01 * h - stride / 2, 0), trousers));
        parts.add(new Part(poly(0.075 * h - legW, hipY, 0.075 * h, hipY, 0.01 * h + stride / 2, 0,
                0.01 * h + stride / 2 - legW, 0), trousers));
        parts.add(new Part(new RoundRectangle2D.Double(-0.11 * h, -0.83 * h, 0.22 * h, 0.37 * h, 0.06 * h, 0.06 * h),
                shirt));
        parts.add(new Part(new RoundRectangle2D.Double(-0.155 * h, -0.81 * h, 0.055 * h, 0.34 * h, 0.04 * h, 0.04 * h),
                shirt));
        parts.add(new Part(new RoundRectangle2D.Double(0.1 * h, -0.81 * h, 0.055 * h, 0.34 * h, 0.04 * h, 0.04 * h),
                shirt));
        parts.add(new Part(new Rectangle2D.Double(-0.03 * h, -0.87 * h, 0.06 * h, 0.05 * h), skin));
        parts.add(new Part(new Ellipse2D.Double(-0.065 * h, -h, 0.13 * h, 0.14 * h), skin));
        parts.add(new Part(new Ellipse2D.Double(-0.068 * h, -h - 0.005 * h, 0.136 * h, 0.07 * h), hair));
    }

    private static void bicycle(List<Part> parts, double stroke, Color frame, Color tyre) {
        BasicStroke tyreStroke = new BasicStroke((float) (stroke * 1.3));
        BasicStroke frameStroke = new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        double r = 0.34;
        for (double cx : new double[] {-0.53, 0.53}) {
            parts.add(new Part(tyreStroke.createStrokedShape(new Ellipse2D.Double(cx - r, -2 * r, 2 * r, 2 * r)), tyre));
        }
        double[][] tubes = {
            {-0.53, -0.34, -0.05, -0.32}, {-0.05, -0.32, -0.15, -0.86}, {-0.15, -0.86, 0.38, -0.84},
            {-0.05, -0.32, 0.38, -0.84}, {0.38, -0.84, 0.53, -0.34}, {-0.15, -0.86, -0.53, -0.34},
            {0.38, -0.84, 0.33, -1.0}, {0.28, -1.0, 0.45, -1.0},
        };
        Path2D.Double framePath = new Path2D.Double();
        for (double[] t : tubes) {
            framePath.append(new Line2D.Double(t[0], t[1], t[2], t[3]), false);
        }
        parts.add(new Part(frameStroke.createStrokedShape(framePath), frame));
        parts.add(new Part(new RoundRectangle2D.Double(-0.28, -0.93, 0.26, 0.07, 0.04, 0.04), new Color(30, 30, 30)));
    }

    private static Shape poly(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }
}
