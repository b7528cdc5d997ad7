package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The detector's architecture.
 *
 * @param backbone        {@code small} (CPU default), {@code vgg16} or {@code vgg16-bn}
 * @param backboneWidth   channels of the small backbone's first layer (ignored for VGG)
 * @param backboneWeights optional file with pretrained backbone weights (.params or .npz), or null
 * @param input           image resizing
 * @param anchors         anchor sizes and ratios
 * @param rpn             region proposal network
 * @param roi             RoI head
 * @param mask            Mask R-CNN: add the mask branch (RoIAlign 14x14, mask head, {@code roi.mask}
 *                        loss); false keeps the plain Faster R-CNN and its checkpoints
 * @param maskHeadChannels channels of the mask head's four convs and deconv (256 in Mask R-CNN
 *                        and the paper-size configs; 64 on the CPU default, whose box head is
 *                        likewise narrowed: 256 channels made inference on 100 detections cost
 *                        over a second per 256x128 image on one core)
 */
public record ModelConfig(
        @JsonPropertyDescription("small | vgg16 | vgg16-bn") String backbone,
        @JsonPropertyDescription("first-layer width of the small backbone") int backboneWidth,
        @JsonPropertyDescription("pretrained backbone weights file (.params or .npz), optional") String backboneWeights,
        InputConfig input,
        AnchorConfig anchors,
        RpnConfig rpn,
        RoiConfig roi,
        @JsonPropertyDescription("add the Mask R-CNN mask branch (needs instance polygons in the training data)")
        boolean mask,
        @JsonPropertyDescription("channels of the mask head (256 in Mask R-CNN)") int maskHeadChannels) {

    public ModelConfig {
        if (maskHeadChannels < 1) {
            throw new IllegalArgumentException("model.maskHeadChannels must be positive, got " + maskHeadChannels);
        }
    }
}
