/**
 * KITTI object detection labels ({@code kitti:DIR}, {@code DIR/label_2/*.txt} and
 * {@code DIR/image_2/*.png}).
 */
package org.scda.data.kitti;
