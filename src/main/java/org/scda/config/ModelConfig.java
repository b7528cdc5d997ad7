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
        boolean mask) {
}
