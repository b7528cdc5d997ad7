package org.scda.model;

import ai.djl.nn.Block;

/**
 * A feature extractor: {@code (1, 3, H, W)} normalised image to {@code (1, outChannels,
 * ceil(H / stride), ceil(W / stride))} (VGG's pooling floors instead: {@code floor(H / stride)}).
 */
public interface Backbone {

    /** The network; its forward takes the image and returns the feature map. */
    Block block();

    /** Channels of the feature map. */
    int outChannels();

    /** Input pixels per feature-map cell. */
    int stride();

    /** The name it is built by ({@code small}, {@code small-nobn}, {@code vgg16}, {@code vgg16-bn}). */
    String name();
}
