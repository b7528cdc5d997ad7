package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * RoI head settings.
 *
 * @param pooler            {@code align} (RoIAlign) or {@code pool} (RoIPool)
 * @param poolSize          output size of the RoI pooling (7 gives 7x7)
 * @param samplingRatio     RoIAlign sampling points per bin side (0: adaptive)
 * @param headDim           width d of the two fully connected layers (4096 in the paper)
 * @param fgIouThreshold    proposals with IoU at least this are foreground
 * @param bgIouThreshold    proposals with IoU below this are background
 * @param batchSizePerImage RoIs sampled per image for the head (128 or 512)
 * @param positiveFraction  wanted fraction of foreground RoIs
 * @param scoreThreshold    detections scoring below this are dropped
 * @param nmsThreshold      per-class NMS IoU threshold at inference
 * @param detectionsPerImage maximum detections per image
 */
public record RoiConfig(
        @JsonPropertyDescription("align (RoIAlign) or pool (RoIPool)") String pooler,
        @JsonPropertyDescription("pooled size, e.g. 7 for 7x7") int poolSize,
        @JsonPropertyDescription("RoIAlign samples per bin side, 0 adaptive") int samplingRatio,
        @JsonPropertyDescription("width of the two FC layers (region feature dimension d)") int headDim,
        @JsonPropertyDescription("IoU for a foreground RoI") double fgIouThreshold,
        @JsonPropertyDescription("IoU below which a RoI is background") double bgIouThreshold,
        @JsonPropertyDescription("RoIs sampled per image") int batchSizePerImage,
        @JsonPropertyDescription("fraction of foreground RoIs in the sample") double positiveFraction,
        @JsonPropertyDescription("minimum detection score") double scoreThreshold,
        @JsonPropertyDescription("per-class NMS IoU threshold") double nmsThreshold,
        @JsonPropertyDescription("maximum detections per image") int detectionsPerImage) {

    public RoiConfig {
        if (!pooler.equals("align") && !pooler.equals("pool")) {
            throw new IllegalArgumentException("roi.pooler must be 'align' or 'pool', got '" + pooler + "'");
        }
    }
}
