package org.scda.data;

/**
 * An image's size in pixels; {@link ImageFiles#size} reads it from a file's header without
 * decoding the pixels.
 *
 * @param width  pixels per row
 * @param height rows
 */
public record ImageSize(int width, int height) {
}
