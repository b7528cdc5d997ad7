package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.scda.adapt.mining.ImageNormalization;
import org.scda.adapt.mining.MinedRegions;
import org.scda.data.BoundingBox;

/**
 * The global ablation's single "region": the whole image, reconstructed from the backbone map.
 * Each of the C channels is one "feature" of {@code h * w} values, so a generator built with
 * {@link AlignmentShapes#forGlobal} maps {@code (1, C, h*w)} back to the {@code (1, 3, H, W)}
 * image.
 */
public final class GlobalRegions {

    private GlobalRegions() {
    }

    /**
     * One region covering the image.
     *
     * @param featureMap {@code (1, C, h, w)} backbone features, gradient attached
     * @param image {@code (1, 3, H, W)} the normalised image
     * @return K = 1, m = C, features {@code (1, C, h*w)} (a reshape: gradients flow), the image
     *     as the real patch (detached, in [-1, 1]), member indices = channel indices
     */
    public static MinedRegions fromBackbone(NDArray featureMap, NDArray image) {
        return fromBackbone(featureMap, image, ImageNormalization.HALF);
    }

    /**
     * As {@link #fromBackbone(NDArray, NDArray)} for an image normalised as given; the real
     * patch is converted to [-1, 1].
     */
    public static MinedRegions fromBackbone(NDArray featureMap, NDArray image, ImageNormalization imageNormalization) {
        Shape fs = featureMap.getShape();
        Shape is = image.getShape();
        if (fs.dimension() != 4 || fs.get(0) != 1 || is.dimension() != 4 || is.get(0) != 1) {
            throw new IllegalArgumentException("expected (1, C, h, w) features and (1, 3, H, W) image, got "
                    + fs + " and " + is);
        }
        int channels = (int) fs.get(1);
        int[][] members = new int[1][channels];
        for (int c = 0; c < channels; c++) {
            members[0][c] = c;
        }
        long height = is.get(2);
        long width = is.get(3);
        return new MinedRegions(featureMap.reshape(1, channels, fs.get(2) * fs.get(3)),
                List.of(new BoundingBox(0, 0, width, height)),
                new float[][] {{width / 2f, height / 2f}}, imageNormalization.toTanhRange(image.stopGradient()), members);
    }
}
