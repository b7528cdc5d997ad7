package org.scda.data.synth;

import java.awt.image.BufferedImage;
import java.util.List;
import org.scda.data.ObjectAnnotation;

/**
 * One rendered synthetic image with its ground truth.
 *
 * @param image   the final image ({@code TYPE_INT_RGB}), after fog and sensor effects
 * @param depth   line-of-sight distance in metres per pixel, row-major; infinite for the sky
 * @param objects the labelled objects: visible-extent boxes, class ids of {@link SynthClasses},
 *                visible outlines as polygons; small objects (under 8 px tall) are ignore regions
 * @param beta    the fog attenuation used for this image (0 without fog)
 */
public record RenderedScene(BufferedImage image, float[] depth, List<ObjectAnnotation> objects, double beta) {
    public RenderedScene {
        objects = List.copyOf(objects);
    }
}
