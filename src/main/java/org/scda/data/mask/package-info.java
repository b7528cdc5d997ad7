/**
 * Binary instance masks as data: {@link org.scda.data.mask.Rle}, COCO's uncompressed
 * run-length encoding (column-major), with area and mask IoU as pycocotools computes them, and
 * {@link org.scda.data.mask.PolygonRasterizer}, which turns polygons into masks by sampling
 * pixel centres. Masks given as {@code boolean[]} are row-major, index {@code y * width + x}.
 */
package org.scda.data.mask;
