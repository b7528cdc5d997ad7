package org.scda.model;

/**
 * Ground truth of one image in the network's input pixels.
 *
 * @param boxes  G*4 boxes {@code x1,y1,x2,y2}
 * @param labels G model classes (dataset class + 1; 0 is background)
 */
public record ImageTargets(float[] boxes, int[] labels) {

    public ImageTargets {
        if (boxes.length != 4 * labels.length) {
            throw new IllegalArgumentException("boxes " + boxes.length + " != 4 x labels " + labels.length);
        }
    }

    public int size() {
        return labels.length;
    }
}
