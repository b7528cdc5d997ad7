package org.scda.model.mask;

import java.util.ArrayList;
import java.util.List;
import org.scda.data.BoundingBox;
import org.scda.data.Polygon;
import org.scda.data.mask.PolygonRasterizer;

/**
 * Mask R-CNN training targets: an instance's polygons cropped to a RoI and rasterised into an
 * {@code M x M} binary grid (M = 28).
 *
 * <p>Convention (Detectron / maskrcnn-benchmark {@code polygons_to_mask_wrt_box}): with the RoI
 * {@code (x1, y1, x2, y2)} in image pixels, {@code w = max(x2 - x1, 1)} and
 * {@code h = max(y2 - y1, 1)}, every vertex is mapped into the RoI's grid by
 * {@code gx = (x - x1) * M / w}, {@code gy = (y - y1) * M / h}, and the polygons are filled by
 * {@link PolygonRasterizer}: cell {@code (col, row)} is 1 when its centre
 * {@code (col + 0.5, row + 0.5)} lies inside the instance (even-odd rule per polygon, union
 * over polygons), else 0. Parts of the instance outside the RoI are cut off. The reference
 * implementations fill with pycocotools instead, which can differ on boundary cells.
 */
public final class MaskTargets {
    /** Side of Mask R-CNN's mask targets. */
    public static final int DEFAULT_SIZE = 28;

    private MaskTargets() {
    }

    /**
     * The target of one RoI.
     *
     * @param polygons the instance's mask in image pixels (an empty list gives an all-0 target)
     * @param roi      the RoI (a proposal matched to the instance), image pixels
     * @param size     M
     * @return {@code M * M} values 0 or 1, row-major (index {@code row * M + col})
     */
    public static float[] rasterize(List<Polygon> polygons, BoundingBox roi, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + size);
        }
        double w = Math.max(roi.x2() - roi.x1(), 1);
        double h = Math.max(roi.y2() - roi.y1(), 1);
        boolean[] cells = PolygonRasterizer.rasterize(polygons, roi.x1(), roi.y1(), size / w, size / h, size, size);
        float[] target = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            target[i] = cells[i] ? 1f : 0f;
        }
        return target;
    }

    /**
     * The targets of several RoIs, concatenated for an {@code (R, M, M)} array.
     *
     * @param polygonsPerRoi the matched instance's polygons for each RoI
     * @param rois           the RoIs, same length
     * @param size           M
     * @return {@code R * M * M} values, RoI-major then row-major
     */
    public static float[] rasterize(List<List<Polygon>> polygonsPerRoi, List<BoundingBox> rois, int size) {
        if (polygonsPerRoi.size() != rois.size()) {
            throw new IllegalArgumentException(polygonsPerRoi.size() + " instances for " + rois.size() + " RoIs");
        }
        float[] all = new float[rois.size() * size * size];
        for (int r = 0; r < rois.size(); r++) {
            System.arraycopy(rasterize(polygonsPerRoi.get(r), rois.get(r), size), 0, all, r * size * size, size * size);
        }
        return all;
    }

    /**
     * The targets of sampled RoIs given as flat boxes, as the RoI sampler produces them.
     *
     * @param roiBoxes          R*4 RoI boxes {@code x1, y1, x2, y2} (the foreground RoIs), in
     *                          the same pixel frame as the polygons
     * @param matchedInstance   R indexes into {@code instancePolygons}: the ground-truth instance
     *                          each RoI was matched to
     * @param instancePolygons  each ground-truth instance's polygons
     * @param size              M
     * @return {@code R * M * M} values for an {@code (R, M, M)} array
     */
    public static float[] rasterize(float[] roiBoxes, int[] matchedInstance, List<List<Polygon>> instancePolygons,
            int size) {
        if (roiBoxes.length != 4 * matchedInstance.length) {
            throw new IllegalArgumentException(roiBoxes.length + " box values for " + matchedInstance.length + " RoIs");
        }
        List<List<Polygon>> polygons = new ArrayList<>(matchedInstance.length);
        List<BoundingBox> rois = new ArrayList<>(matchedInstance.length);
        for (int r = 0; r < matchedInstance.length; r++) {
            polygons.add(instancePolygons.get(matchedInstance[r]));
            rois.add(new BoundingBox(roiBoxes[4 * r], roiBoxes[4 * r + 1], roiBoxes[4 * r + 2], roiBoxes[4 * r + 3]));
        }
        return rasterize(polygons, rois, size);
    }

    /**
     * Maps polygons from the image as stored into the network's input frame, the way the
     * detector's image transform maps boxes: scale both axes, then, when the image was mirrored,
     * {@code x -> inputWidth - x} (a box {@code x1, x2} becomes {@code w - x2, w - x1}).
     *
     * @param polygons   in stored-image pixels
     * @param scale      input size / stored size
     * @param flipped    whether the input was mirrored left-right
     * @param inputWidth width of the network input in pixels
     * @return the polygons in input pixels
     */
    public static List<Polygon> toInputFrame(List<Polygon> polygons, double scale, boolean flipped, int inputWidth) {
        return toInputFrame(polygons, scale, scale, flipped, inputWidth);
    }

    /**
     * As {@link #toInputFrame(List, double, boolean, int)} with a scale per axis, the way
     * {@code ImageTransform} maps boxes ({@code inputWidth / storedWidth} and
     * {@code inputHeight / storedHeight}, which differ slightly by rounding).
     */
    public static List<Polygon> toInputFrame(List<Polygon> polygons, double scaleX, double scaleY, boolean flipped,
            int inputWidth) {
        List<Polygon> out = new ArrayList<>(polygons.size());
        for (Polygon polygon : polygons) {
            double[] xy = polygon.coordinates();
            for (int i = 0; i < xy.length; i += 2) {
                double x = xy[i] * scaleX;
                xy[i] = flipped ? inputWidth - x : x;
                xy[i + 1] *= scaleY;
            }
            out.add(new Polygon(xy));
        }
        return out;
    }

    /**
     * The mask an instance without polygons trains on: its box as a rectangle.
     *
     * @param box the instance's box
     * @return one four-corner polygon
     */
    public static List<Polygon> boxAsPolygon(BoundingBox box) {
        return List.of(new Polygon(new double[] {box.x1(), box.y1(), box.x2(), box.y1(), box.x2(), box.y2(),
            box.x1(), box.y2()}));
    }
}
