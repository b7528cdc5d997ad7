package org.scda.data.synth;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.scda.data.BoundingBox;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;
import org.scda.data.fog.Koschmieder;

/**
 * Renders one procedural street scene of a {@link DomainStyle} from a random generator; the
 * same generator state gives the same image, labels and depth.
 *
 * <p>The camera stands in a lane, {@code heightMetres} above a flat ground, looking along the
 * road. The background is ray-cast per pixel (2x2 supersampled): a road with lane marks and
 * sometimes a crosswalk, sidewalks, building facades with windows on both sides, and sky; this
 * gives the depth map (line-of-sight metres, infinite for sky). Objects are billboards
 * standing on the ground, scaled by perspective ({@code focal / z} pixels per metre) and drawn
 * far to near, so nearer objects occlude farther ones; trees and lamp posts are unlabelled
 * clutter that also occludes. Every object pixel carries the object's distance.
 *
 * <p>Labels: the box is the extent of the object's visible pixels (its silhouette minus the
 * silhouettes of nearer objects, clipped to the image); objects with less than
 * {@link #MIN_VISIBLE_FRACTION} of their silhouette visible, or under 3 px tall, are not
 * labelled; objects under {@link #MIN_LABEL_HEIGHT} px tall are ignore regions. Masks are the
 * visible part of the object's outline (for bicycles, of the hull of wheels and frame).
 */
public final class StreetSceneRenderer {
    /** Objects with a smaller visible fraction of their silhouette are not labelled. */
    public static final double MIN_VISIBLE_FRACTION = 0.3;
    /** Objects whose visible box is less tall than this are ignore regions. */
    public static final double MIN_LABEL_HEIGHT = 8;

    private static final double BUILDINGS_END = 160;
    private static final int[][] FLAT_FACADES = {
        {225, 205, 165}, {190, 110, 90}, {170, 175, 185}, {150, 190, 215}, {235, 225, 140}, {200, 160, 200},
        {140, 160, 130}, {230, 230, 225},
    };
    private static final int[][] REAL_FACADES = {
        {150, 95, 75}, {170, 160, 145}, {120, 118, 115}, {185, 175, 160}, {135, 120, 100}, {95, 90, 88},
    };

    private final DomainStyle style;
    private final SplittableRandom rng;
    private final int w;
    private final int h;
    private final double f;
    private final double cx;
    /** Amounts of the look (see {@link DomainStyle.Look}) and its palette. */
    private final double textureAmount;
    private final double lightingAmount;
    private final Palette palette;

    // Scene layout, drawn from rng in the constructor.
    private final double horizon;
    private final double camHeight;
    private final double camX;
    private final double roadHalf;
    private final double kerbLeft;
    private final double kerbRight;
    private final double[][] segmentsLeft;
    private final double[][] segmentsRight;
    private final int skyTop;
    private final int skyHorizon;
    private final int asphalt;
    private final int pavement;
    private final int lot;
    private final int marking;
    private final int window;
    private final boolean solidCentre;
    private final double dashOffset;
    private final double crosswalkZ;
    private final double sunSide;
    private final int salt;

    /** Sky colour per quarter-pixel row, filled on first use (-1 = not yet). */
    private final int[] skyRows;

    // Result of the last ray cast.
    private double hitZ;
    private double[] hitSegment;

    private StreetSceneRenderer(DomainStyle style, SplittableRandom rng) {
        this.style = style;
        this.rng = rng;
        DomainStyle.Camera cam = style.camera();
        this.w = cam.width();
        this.h = cam.height();
        this.f = cam.focal();
        this.cx = w / 2.0;
        this.textureAmount = style.look().texture();
        this.lightingAmount = style.look().lighting();
        this.palette = new Palette(style.look().palette());
        this.horizon = h * (cam.horizonFraction() + rng.nextDouble(-0.03, 0.03));
        this.camHeight = cam.heightMetres() * rng.nextDouble(0.95, 1.05);
        this.roadHalf = rng.nextDouble(5, 7.5);
        this.camX = rng.nextDouble(-0.55, 0.55) * roadHalf;
        this.kerbLeft = roadHalf + rng.nextDouble(2.5, 4.5);
        this.kerbRight = roadHalf + rng.nextDouble(2.5, 4.5);
        this.segmentsLeft = buildings();
        this.segmentsRight = buildings();
        skyTop = groundColour(new int[] {70, 140, 235}, 15, new int[] {125, 160, 200}, 15);
        skyHorizon = groundColour(new int[] {185, 215, 245}, 10, new int[] {215, 218, 222}, 8);
        asphalt = groundColour(new int[] {95, 95, 100}, 8, new int[] {78, 78, 82}, 8);
        pavement = groundColour(new int[] {185, 180, 170}, 10, new int[] {150, 146, 140}, 10);
        lot = groundColour(new int[] {110, 180, 90}, 12, new int[] {95, 110, 70}, 10);
        marking = palette.fixed(rgb(new int[] {250, 250, 250}), rgb(new int[] {205, 205, 200}));
        window = palette.fixed(rgb(new int[] {60, 80, 120}), rgb(new int[] {70, 80, 95}));
        this.solidCentre = rng.nextBoolean();
        this.dashOffset = rng.nextDouble(0, 8);
        this.crosswalkZ = rng.nextDouble() < 0.3 ? rng.nextDouble(6, 25) : -100;
        this.sunSide = rng.nextBoolean() ? 1 : -1;
        this.salt = rng.nextInt();
        this.skyRows = new int[4 * h + 4];
        java.util.Arrays.fill(skyRows, -1);
    }

    /**
     * Renders one scene.
     *
     * @param style the domain
     * @param rng   the image's own generator (seeded from seed, split and index by the caller)
     */
    public static RenderedScene render(DomainStyle style, SplittableRandom rng) {
        return new StreetSceneRenderer(style, rng).render();
    }

    private RenderedScene render() {
        int[] px = new int[w * h];
        float[] depth = new float[w * h];
        background(px, depth);
        List<SceneObject> objects = placeObjects();
        objects.sort(Comparator.comparingDouble((SceneObject o) -> -o.z));

        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] imagePx = ImageEffects.pixels(image); // 0xRRGGBB, as setRGB and getRGB see them but for alpha
        System.arraycopy(px, 0, imagePx, 0, px.length);
        BufferedImage ids = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        Graphics2D gid = ids.createGraphics();
        if (lightingAmount > 0) {
            for (SceneObject o : objects) {
                drawShadow(g, o);
            }
        }
        List<AffineTransform> transforms = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            SceneObject o = objects.get(i);
            AffineTransform at = toImage(o);
            transforms.add(at);
            for (SceneObject.Part part : o.parts) {
                Shape s = at.createTransformedShape(part.shape());
                g.setPaint(lightingAmount > 0 ? shaded(s, part.colour(), lightingAmount) : part.colour());
                g.fill(s);
            }
            gid.setColor(new Color(i + 1));
            gid.fill(at.createTransformedShape(o.silhouette()));
        }
        g.dispose();
        gid.dispose();

        int[] idPx = ImageEffects.pixels(ids);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int id = idPx[y * w + x] & 0xffffff;
                if (id > 0) {
                    depth[y * w + x] = (float) (objects.get(id - 1).z * rayLength(x + 0.5, y + 0.5));
                }
            }
        }
        List<ObjectAnnotation> labels = labels(objects, transforms);

        System.arraycopy(imagePx, 0, px, 0, px.length);
        if (lightingAmount > 0) {
            double dim = mix(1, rng.nextDouble(0.7, 0.85), lightingAmount);
            double bright = mix(1, 1.1, lightingAmount);
            ImageEffects.horizontalLight(px, w, h, sunSide > 0 ? dim : bright, sunSide > 0 ? bright : dim);
        }
        double beta = 0;
        DomainStyle.Fog fog = style.fog();
        if (!fog.isClear()) {
            beta = fog.beta() * (1 + rng.nextDouble(-fog.betaJitter(), fog.betaJitter() + 1e-12));
            for (int i = 0; i < px.length; i++) {
                px[i] = Koschmieder.fogPixel(px[i], Koschmieder.transmittance(beta, depth[i]), fog.airlightRgb());
            }
        }
        ImageEffects.sensor(px, w, h, style.sensor(), rng);
        for (int i = 0; i < px.length; i++) {
            imagePx[i] = px[i] & 0xffffff;
        }
        return new RenderedScene(image, depth, labels, beta);
    }

    private List<ObjectAnnotation> labels(List<SceneObject> objects, List<AffineTransform> transforms) {
        Area frame = new Area(new Rectangle2D.Double(0, 0, w, h));
        Area nearer = new Area();
        ObjectAnnotation[] out = new ObjectAnnotation[objects.size()];
        for (int i = objects.size() - 1; i >= 0; i--) {
            SceneObject o = objects.get(i);
            Area sil = o.silhouette().createTransformedArea(transforms.get(i));
            if (o.labelled()) {
                out[i] = label(o, sil, transforms.get(i), nearer, frame);
            }
            nearer.add(sil);
        }
        List<ObjectAnnotation> labels = new ArrayList<>();
        for (ObjectAnnotation a : out) {
            if (a != null) {
                labels.add(a);
            }
        }
        return labels;
    }

    private ObjectAnnotation label(SceneObject o, Area sil, AffineTransform at, Area nearer, Area frame) {
        double full = Geometry.area(sil);
        Area visible = new Area(sil);
        visible.subtract(nearer);
        visible.intersect(frame);
        if (full <= 0 || visible.isEmpty() || Geometry.area(visible) < MIN_VISIBLE_FRACTION * full) {
            return null;
        }
        Rectangle2D b = visible.getBounds2D();
        BoundingBox box = new BoundingBox(b.getMinX(), b.getMinY(), b.getMaxX(), b.getMaxY()).clip(w, h);
        if (box.isEmpty() || box.height() < 3) {
            return null;
        }
        Area mask = new Area(at.createTransformedShape(o.maskOutline()));
        mask.subtract(nearer);
        mask.intersect(frame);
        List<Polygon> polygons = Geometry.outerPolygons(mask, 1.0);
        if (polygons.isEmpty()) {
            polygons = List.of(new Polygon(new double[] {box.x1(), box.y1(), box.x2(), box.y1(), box.x2(), box.y2(),
                box.x1(), box.y2()}));
        }
        return new ObjectAnnotation(box, o.classId, box.height() < MIN_LABEL_HEIGHT, polygons);
    }

    // ---------------------------------------------------------------- objects

    private List<SceneObject> placeObjects() {
        List<SceneObject> placed = new ArrayList<>();
        int labelled = 3 + rng.nextInt(7);
        int clutter = rng.nextInt(5);
        for (int i = 0; i < labelled + clutter; i++) {
            SceneObject.Kind kind = i < labelled ? drawClass() : (rng.nextBoolean() ? SceneObject.Kind.TREE : SceneObject.Kind.POLE);
            for (int attempt = 0; attempt < 12; attempt++) {
                SceneObject o = tryPlace(kind);
                // The cheap footprint test first: the frame test builds the silhouette.
                if (placed.stream().noneMatch(o::collides) && inFrame(o)) {
                    placed.add(o);
                    break;
                }
            }
        }
        return placed;
    }

    private SceneObject.Kind drawClass() {
        double u = rng.nextDouble();
        double acc = 0;
        SceneObject.Kind[] kinds = {SceneObject.Kind.CAR, SceneObject.Kind.PERSON, SceneObject.Kind.BUS, SceneObject.Kind.BICYCLE};
        for (int c = 0; c < kinds.length; c++) {
            acc += SynthClasses.FREQUENCY[c];
            if (u < acc) {
                return kinds[c];
            }
        }
        return SceneObject.Kind.CAR;
    }

    private SceneObject tryPlace(SceneObject.Kind kind) {
        boolean side = false;
        double zMin;
        double zMax;
        double x;
        double sign = rng.nextBoolean() ? 1 : -1;
        double kerb = sign > 0 ? kerbRight : kerbLeft;
        switch (kind) {
            case CAR -> {
                side = rng.nextDouble() < 0.35;
                zMin = 3.5;
                zMax = 18;
                x = side ? sign * (roadHalf - rng.nextDouble(0.9, 1.2)) : lane(sign);
            }
            case BUS -> {
                side = rng.nextDouble() < 0.4;
                zMin = side ? 9 : 6;
                zMax = 25;
                x = side ? sign * (roadHalf - rng.nextDouble(1.3, 1.6)) : lane(sign);
            }
            case PERSON -> {
                zMin = 3.5;
                zMax = 17;
                x = rng.nextDouble() < 0.75 ? sign * (roadHalf + rng.nextDouble(0.3, kerb - roadHalf - 0.3))
                        : rng.nextDouble(-roadHalf, roadHalf);
            }
            case BICYCLE -> {
                side = true;
                zMin = 3.5;
                zMax = 12;
                x = rng.nextDouble() < 0.6 ? sign * (roadHalf - rng.nextDouble(0.5, 1.2))
                        : sign * (roadHalf + rng.nextDouble(0.5, kerb - roadHalf - 0.5));
            }
            case TREE, POLE -> {
                zMin = 4;
                zMax = 40;
                x = kind == SceneObject.Kind.POLE ? sign * (roadHalf + 0.4)
                        : sign * (roadHalf + rng.nextDouble(0.6, 0.9) * (kerb - roadHalf));
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        double z = Math.exp(rng.nextDouble(Math.log(zMin), Math.log(zMax)));
        boolean mirror = rng.nextBoolean();
        return SceneObject.create(kind, x, z, side, mirror, z / f, palette, rng);
    }

    /** True when at least half the object's width is inside the image and it does not stand below it. */
    private boolean inFrame(SceneObject o) {
        Rectangle2D b = toImage(o).createTransformedShape(o.silhouette()).getBounds2D();
        double inside = Math.min(b.getMaxX(), w) - Math.max(b.getMinX(), 0);
        return inside >= 0.5 * b.getWidth() && b.getMaxY() <= h + 1;
    }

    private double lane(double sign) {
        double laneWidth = roadHalf / 2;
        int lane = rng.nextInt(2);
        return sign * (laneWidth * (lane + 0.5) + rng.nextDouble(-0.25, 0.25));
    }

    private AffineTransform toImage(SceneObject o) {
        double s = f / o.z;
        AffineTransform at = new AffineTransform();
        at.translate(cx + (o.x - camX) * s, horizon + camHeight * s);
        at.scale(s, s);
        return at;
    }

    private void drawShadow(Graphics2D g, SceneObject o) {
        double s = f / o.z;
        double x = cx + (o.x - camX) * s;
        double yNear = horizon + camHeight * f / Math.max(o.z - 0.4, 0.5);
        double yFar = horizon + camHeight * f / (o.z + Math.min(o.length, 3));
        double half = o.halfWidth * s * 1.1;
        g.setColor(new Color(0, 0, 0, (int) Math.round(Math.min(255, 95 * lightingAmount))));
        g.fill(new Ellipse2D.Double(x - half + sunSide * -0.3 * half, yFar, 2 * half, Math.max(2, yNear - yFar)));
    }

    /** A vertical gradient, lit from above; {@code amount} 1 is the textured look's. */
    private static GradientPaint shaded(Shape s, Color c, double amount) {
        Rectangle2D b = s.getBounds2D();
        return new GradientPaint((float) b.getX(), (float) b.getMinY(), brighten(c, mix(1, 1.18, amount), 12 * amount),
                (float) b.getX(), (float) b.getMaxY(), brighten(c, mix(1, 0.72, amount), 12 * amount));
    }

    private static Color brighten(Color c, double k, double lift) {
        return new Color(Palette.clamp((int) (c.getRed() * k + (k > 1 ? lift : 0))),
                Palette.clamp((int) (c.getGreen() * k + (k > 1 ? lift : 0))),
                Palette.clamp((int) (c.getBlue() * k + (k > 1 ? lift : 0))));
    }

    // ---------------------------------------------------------------- background

    /** Building segments along one side: {zStart, zEnd, height (0 = gap), colour, windowPitch}. */
    private double[][] buildings() {
        List<double[]> segs = new ArrayList<>();
        double z = rng.nextDouble(-5, 3);
        while (z < BUILDINGS_END) {
            double len = rng.nextDouble(6, 25);
            double height = rng.nextDouble() < 0.12 ? 0 : rng.nextDouble(5, 22);
            int colour = rgb(palette.choose(r -> Palette.vary(Palette.pick(FLAT_FACADES, r), 12, r),
                    r -> Palette.vary(Palette.pick(REAL_FACADES, r), 12, r), rng));
            segs.add(new double[] {z, z + len, height, colour, rng.nextDouble(2.4, 3.6)});
            z += len;
        }
        return segs.toArray(new double[0][]);
    }

    private void background(int[] px, float[] depth) {
        double[] offsets = {0.25, 0.75};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (double oy : offsets) {
                    for (double ox : offsets) {
                        int c = shade(x + ox, y + oy);
                        r += (c >> 16) & 0xff;
                        g += (c >> 8) & 0xff;
                        b += c & 0xff;
                    }
                }
                px[y * w + x] = ((r / 4) << 16) | ((g / 4) << 8) | (b / 4);
                depth[y * w + x] = (float) (depthAt(x + 0.5, y + 0.5) * rayLength(x + 0.5, y + 0.5));
            }
        }
    }

    /** Line-of-sight distance per metre of depth along the optical axis at pixel (u, v). */
    private double rayLength(double u, double v) {
        double dx = (u - cx) / f;
        double dy = (v - horizon) / f;
        return Math.sqrt(1 + dx * dx + dy * dy);
    }

    /** Colour of the scene seen through (u, v); sets {@link #hitZ} (infinite for sky). */
    private int shade(double u, double v) {
        double dx = (u - cx) / f;
        double dy = (v - horizon) / f;
        cast(dx, dy);
        if (hitSegment != null) {
            return facade(hitSegment, hitZ, camHeight - dy * hitZ, dx > 0);
        }
        if (hitZ < Double.POSITIVE_INFINITY) {
            return ground(camX + dx * hitZ, hitZ);
        }
        return sky(u, v);
    }

    /** Depth of what is seen through (u, v), without its colour; the same ray as {@link #shade}. */
    private double depthAt(double u, double v) {
        cast((u - cx) / f, (v - horizon) / f);
        return hitZ;
    }

    /**
     * Casts the ray of direction {@code (dx, dy, 1)} from the camera: sets {@link #hitZ} to the
     * depth of the ground or facade it meets first (infinite for sky) and {@link #hitSegment} to
     * the facade segment (null for ground and sky).
     */
    private void cast(double dx, double dy) {
        double zGround = dy > 1e-9 ? camHeight / dy : Double.POSITIVE_INFINITY;
        double zFacade = Double.POSITIVE_INFINITY;
        double[] seg = null;
        if (Math.abs(dx) > 1e-9) {
            double wallX = dx > 0 ? kerbRight : -kerbLeft;
            double zf = (wallX - camX) / dx;
            if (zf > 0 && zf < BUILDINGS_END) {
                double[] s = segment(dx > 0 ? segmentsRight : segmentsLeft, zf);
                double height = camHeight - dy * zf;
                if (s != null && height >= 0 && height <= s[2]) {
                    zFacade = zf;
                    seg = s;
                }
            }
        }
        if (zGround < zFacade) {
            hitZ = zGround;
            hitSegment = null;
        } else if (seg != null) {
            hitZ = zFacade;
            hitSegment = seg;
        } else {
            hitZ = Double.POSITIVE_INFINITY;
            hitSegment = null;
        }
    }

    /** The segment containing {@code z}; segments are contiguous and sorted by start. */
    private static double[] segment(double[][] segs, double z) {
        int lo = 0;
        int hi = segs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (z < segs[mid][0]) {
                hi = mid - 1;
            } else if (z >= segs[mid][1]) {
                lo = mid + 1;
            } else {
                return segs[mid];
            }
        }
        return null;
    }

    private int ground(double x, double z) {
        double ax = Math.abs(x);
        int c;
        if (ax < roadHalf) {
            c = asphalt;
            boolean dash = mod(z + dashOffset, 8) < 3;
            if (ax < 0.08 && (solidCentre || dash)) {
                c = solidCentre ? rgb(new int[] {235, 195, 40}) : marking;
            } else if (Math.abs(ax - roadHalf / 2) < 0.06 && dash) {
                c = marking;
            } else if (ax > roadHalf - 0.28 && ax < roadHalf - 0.14) {
                c = marking;
            } else if (z > crosswalkZ && z < crosswalkZ + 3 && mod(x, 1.0) < 0.5) {
                c = marking;
            }
            if (textureAmount > 0) {
                c = texture(c, x * 8, z * 8, 0.22 * textureAmount);
                c = texture(c, x * 0.6, z * 0.4, 0.18 * textureAmount);
            }
        } else if (ax < (x > 0 ? kerbRight : kerbLeft)) {
            c = ax < roadHalf + 0.2 ? brighter(pavement, 1.12) : pavement;
            if (textureAmount > 0) {
                boolean joint = mod(ax, 1.2) < 0.05 || mod(z, 1.2) < 0.05;
                c = texture(joint ? brighter(c, mix(1, 0.8, textureAmount)) : c, x * 5, z * 5, 0.15 * textureAmount);
            }
        } else {
            c = textureAmount > 0 ? texture(lot, x * 3, z * 3, 0.3 * textureAmount) : lot;
        }
        return c;
    }

    private int facade(double[] seg, double z, double height, boolean right) {
        int c = (int) seg[3];
        double pitch = seg[4];
        double along = z - seg[0];
        double column = mod(along, pitch);
        boolean inWindowColumn = column > 0.3 * pitch && column < 0.75 * pitch;
        double floor = mod(height, 3.2);
        if (height > seg[2] - 0.4) {
            c = brighter(c, 0.75);
        } else if (inWindowColumn && (height < 3 ? height > 0.3 && height < 2.6 : floor > 1.0 && floor < 2.4)) {
            c = window;
            if (textureAmount > 0) {
                c = brighter(c, mix(1, 0.8 + 0.5 * hashUnit((int) (along / pitch), (int) (height / 3.2)), textureAmount));
            }
        } else if (textureAmount > 0) {
            boolean mortar = mod(height, 0.25) < 0.03 || mod(along + ((int) (height / 0.25) % 2) * 0.3, 0.6) < 0.04;
            c = texture(mortar ? brighter(c, mix(1, 1.15, textureAmount)) : c, along * 6, height * 6, 0.15 * textureAmount);
        }
        if (lightingAmount > 0) {
            c = brighter(c, mix(1, (right ? sunSide > 0 : sunSide < 0) ? 0.72 : 1.08, lightingAmount));
        }
        return c;
    }

    private int sky(double u, double v) {
        int row = (int) (v * 4);
        if (row >= skyRows.length) {
            row = skyRows.length - 1;
        }
        if (skyRows[row] < 0) {
            double t = Math.max(0, Math.min(1, v / Math.max(horizon, 1)));
            skyRows[row] = lerp(skyTop, skyHorizon, Math.pow(t, 0.7));
        }
        int c = skyRows[row];
        if (textureAmount > 0) {
            double cloud = noise(u / w * 5, v / h * 9, salt + 7);
            if (cloud > 0.55) {
                c = lerp(c, rgb(new int[] {235, 235, 238}), Math.min(1, (cloud - 0.55) * 2.5 * textureAmount));
            }
        }
        return c;
    }

    // ---------------------------------------------------------------- colour helpers

    private int texture(int c, double x, double y, double amount) {
        double n = noise(x, y, salt);
        return brighter(c, 1 + amount * (n - 0.5) * 2);
    }

    private double noise(double x, double y, int s) {
        double fx = Math.floor(x);
        double fy = Math.floor(y);
        int ix = (int) fx;
        int iy = (int) fy;
        double tx = x - fx;
        double ty = y - fy;
        tx = tx * tx * (3 - 2 * tx);
        ty = ty * ty * (3 - 2 * ty);
        double a = hashUnit(ix + s, iy);
        double b = hashUnit(ix + 1 + s, iy);
        double c = hashUnit(ix + s, iy + 1);
        double d = hashUnit(ix + 1 + s, iy + 1);
        return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
    }

    private static double hashUnit(int x, int y) {
        long k = x * 0x9E3779B97F4A7C15L + y * 0xC2B2AE3D27D4EB4FL;
        k ^= k >>> 31;
        k *= 0xBF58476D1CE4E5B9L;
        k ^= k >>> 29;
        return (k >>> 11) * 0x1.0p-53;
    }

    private static double mod(double a, double b) {
        return a - b * Math.floor(a / b);
    }

    private static int rgb(int[] c) {
        return (Palette.clamp(c[0]) << 16) | (Palette.clamp(c[1]) << 8) | Palette.clamp(c[2]);
    }

    private static int rgb(Color c) {
        return c.getRGB() & 0xffffff;
    }

    private static int brighter(int c, double k) {
        return ImageEffects.scale(c, k, k, k);
    }

    /**
     * {@code a} at {@code t = 0}, {@code b} at {@code t = 1} (both exactly, so the textured
     * look at amount 1 draws the same pixels as before the amounts existed), linear between
     * and beyond.
     */
    private static double mix(double a, double b, double t) {
        return (1 - t) * a + t * b;
    }

    /** A ground or sky colour from the toy or realistic base with its variation (see {@link Palette}). */
    private int groundColour(int[] toy, int toyVary, int[] real, int realVary) {
        return rgb(palette.choose(r -> Palette.vary(toy, toyVary, r), r -> Palette.vary(real, realVary, r), rng));
    }

    private static int lerp(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - t) + ((b >> 16) & 0xff) * t);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - t) + ((b >> 8) & 0xff) * t);
        int bl = (int) Math.round((a & 0xff) * (1 - t) + (b & 0xff) * t);
        return (r << 16) | (g << 8) | bl;
    }
}
