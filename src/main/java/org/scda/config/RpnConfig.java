package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Region proposal network settings (defaults follow Faster R-CNN / torchvision).
 *
 * @param preNmsTopNTrain  proposals kept by score before NMS, training
 * @param postNmsTopNTrain proposals kept after NMS, training
 * @param preNmsTopNTest   proposals kept before NMS, inference
 * @param postNmsTopNTest  proposals kept after NMS, inference
 * @param nmsThreshold     IoU threshold of the proposal NMS
 * @param minSize          proposals narrower or lower than this (input pixels) are dropped
 * @param fgIouThreshold   anchors with IoU at least this are positive
 * @param bgIouThreshold   anchors with IoU below this are negative
 * @param batchSizePerImage anchors sampled per image for the loss
 * @param positiveFraction  wanted fraction of positives among the sampled anchors
 */
public record RpnConfig(
        @JsonPropertyDescription("top-N by score before NMS (training)") int preNmsTopNTrain,
        @JsonPropertyDescription("top-N after NMS (training)") int postNmsTopNTrain,
        @JsonPropertyDescription("top-N by score before NMS (inference)") int preNmsTopNTest,
        @JsonPropertyDescription("top-N after NMS (inference)") int postNmsTopNTest,
        @JsonPropertyDescription("proposal NMS IoU threshold") double nmsThreshold,
        @JsonPropertyDescription("minimum proposal side, input pixels") double minSize,
        @JsonPropertyDescription("IoU for a positive anchor") double fgIouThreshold,
        @JsonPropertyDescription("IoU below which an anchor is negative") double bgIouThreshold,
        @JsonPropertyDescription("anchors sampled per image") int batchSizePerImage,
        @JsonPropertyDescription("fraction of positive anchors in the sample") double positiveFraction) {
}
