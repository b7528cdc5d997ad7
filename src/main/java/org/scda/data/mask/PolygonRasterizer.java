package org.scda.data.mask;

import java.util.Arrays;
import java.util.List;
import org.scda.data.Polygon;

/**
 * Fills polygons into a grid of cells by sampling cell centres: cell {@code (col, row)} is set
 * when its centre {@code (col + 0.5, row + 0.5)}, in grid coordinates, lies inside at least one
 * of the polygons (the union of an instance's parts, as COCO merges them). Inside one polygon
 * is the even-odd rule. A scanline fill: for each row, the crossings of the polygon's edges
 * with the horizontal line through the row's centres are sorted and the cells whose centres
 * lie in {@code [x_{2k}, x_{2k+1})} are set. Edges count as crossing when one end is at or
 * below the line and the other strictly above (half-open), so a vertex on the line is counted
 * once and horizontal edges never; a centre exactly on a left edge is inside, on a right edge
 * outside. Adjacent shapes sharing an edge therefore never both claim a cell.
 *
 * <p>Grid coordinates come from the polygon's by an affine map per axis,
 * {@code gx = (x - originX) * scaleX}, {@code gy = (y - originY) * scaleY}. With origin 0 and
 * scale 1 the grid is the image's pixel grid: pixel {@code (x, y)} covers
 * {@code [x, x+1) x [y, y+1)} in scda's 0-based continuous coordinates.
 *
 * <p>pycocotools rasterises polygons differently (it walks the outline at 5x resolution), so a
 * mask made here can differ from pycocotools' on boundary pixels; the area of a polygon is
 * matched to within its boundary length.
 */
public final class PolygonRasterizer {

    private PolygonRasterizer() {
    }

    /**
     * Rasterises polygons given in image pixels at image size.
     *
     * @return row-major mask, index {@code y * width + x}
     */
    public static boolean[] rasterize(List<Polygon> polygons, int width, int height) {
        return rasterize(polygons, 0, 0, 1, 1, width, height);
    }

    /**
     * Rasterises polygons after mapping them into grid coordinates (see the class comment).
     *
     * @param polygons the parts of one instance; an empty list gives an empty mask
     * @param originX  polygon x that maps to grid x 0
     * @param originY  polygon y that maps to grid y 0
     * @param scaleX   grid cells per polygon unit along x, {@code > 0}
     * @param scaleY   grid cells per polygon unit along y, {@code > 0}
     * @param width    grid columns
     * @param height   grid rows
     * @return row-major cells, index {@code row * width + col}
     */
    public static boolean[] rasterize(List<Polygon> polygons, double originX, double originY, double scaleX,
            double scaleY, int width, int height) {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("grid size must be non-negative, got " + width + "x" + height);
        }
        if (!(scaleX > 0) || !(scaleY > 0)) {
            throw new IllegalArgumentException("scales must be positive, got " + scaleX + ", " + scaleY);
        }
        boolean[] mask = new boolean[width * height];
        double[] crossings = new double[16];
        for (Polygon polygon : polygons) {
            int n = polygon.size();
            double[] gx = new double[n];
            double[] gy = new double[n];
            double minY = Double.POSITIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                gx[i] = (polygon.x(i) - originX) * scaleX;
                gy[i] = (polygon.y(i) - originY) * scaleY;
                minY = Math.min(minY, gy[i]);
                maxY = Math.max(maxY, gy[i]);
            }
            int firstRow = Math.max(0, (int) Math.floor(minY - 0.5));
            int lastRow = Math.min(height - 1, (int) Math.ceil(maxY - 0.5));
            for (int row = firstRow; row <= lastRow; row++) {
                double cy = row + 0.5;
                int count = 0;
                for (int i = 0, j = n - 1; i < n; j = i++) {
                    if ((gy[i] <= cy) != (gy[j] <= cy)) {
                        if (count == crossings.length) {
                            crossings = Arrays.copyOf(crossings, 2 * count);
                        }
                        crossings[count++] = gx[j] + (cy - gy[j]) * (gx[i] - gx[j]) / (gy[i] - gy[j]);
                    }
                }
                Arrays.sort(crossings, 0, count);
                for (int k = 0; k + 1 < count; k += 2) {
                    // centres col + 0.5 in [left, right)
                    int from = Math.max(0, (int) Math.ceil(crossings[k] - 0.5));
                    int to = Math.min(width, (int) Math.ceil(crossings[k + 1] - 0.5));
                    for (int col = from; col < to; col++) {
                        mask[row * width + col] = true;
                    }
                }
            }
        }
        return mask;
    }

    /** The number of set cells. */
    public static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            if (b) {
                n++;
            }
        }
        return n;
    }
}
