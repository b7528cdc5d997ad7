package org.scda.data;

/**
 * An axis-aligned box in continuous, 0-based pixel coordinates of the image as stored:
 * {@code x1 <= x2}, {@code y1 <= y2}. A box covering pixel columns 0..9 of a 1-based format
 * is {@code x1=0, x2=10} here; formats with other conventions are converted once, in their
 * reader.
 */
public record BoundingBox(double x1, double y1, double x2, double y2) {

    public BoundingBox {
        if (!(Double.isFinite(x1) && Double.isFinite(y1) && Double.isFinite(x2) && Double.isFinite(y2))) {
            throw new IllegalArgumentException("box has a non-finite coordinate: " + x1 + "," + y1 + "," + x2 + "," + y2);
        }
        if (x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException("box corners are swapped: " + x1 + "," + y1 + "," + x2 + "," + y2);
        }
    }

    /** A box from COCO's {@code [x, y, w, h]}. */
    public static BoundingBox fromXywh(double x, double y, double w, double h) {
        return new BoundingBox(x, y, x + w, y + h);
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return width() * height();
    }

    public double centerX() {
        return (x1 + x2) / 2;
    }

    public double centerY() {
        return (y1 + y2) / 2;
    }

    /** This box clipped to {@code [0, width] x [0, height]}; may become empty. */
    public BoundingBox clip(double imageWidth, double imageHeight) {
        double cx1 = Math.min(Math.max(x1, 0), imageWidth);
        double cy1 = Math.min(Math.max(y1, 0), imageHeight);
        double cx2 = Math.min(Math.max(x2, 0), imageWidth);
        double cy2 = Math.min(Math.max(y2, 0), imageHeight);
        return new BoundingBox(cx1, cy1, cx2, cy2);
    }

    /** True when the box lies inside {@code [0, width] x [0, height]}. */
    public boolean isInside(double imageWidth, double imageHeight) {
        return x1 >= 0 && y1 >= 0 && x2 <= imageWidth && y2 <= imageHeight;
    }

    /** True when the box has no area. */
    public boolean isEmpty() {
        return width() <= 0 || height() <= 0;
    }

    /** Intersection over union in continuous coordinates (no +1 pixel convention). */
    public double iou(BoundingBox other) {
        double iw = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double ih = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / (area() + other.area() - inter);
    }

    /** COCO's {@code [x, y, w, h]}. */
    public double[] toXywh() {
        return new double[] {x1, y1, width(), height()};
    }
}
