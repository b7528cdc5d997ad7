package org.scda.eval;

import java.util.Objects;
import org.scda.data.Detection;
import org.scda.data.mask.Rle;

/**
 * A detection with its instance mask, as Mask R-CNN outputs it.
 *
 * @param detection the box, class, score and image
 * @param mask      the binary mask at the size of the image as stored (height x width of its
 *                  {@link org.scda.data.DetectionSample}), e.g. from
 *                  {@code org.scda.model.mask.MaskPaster}
 */
public record MaskDetection(Detection detection, Rle mask) {

    public MaskDetection {
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(mask, "mask");
    }
}
