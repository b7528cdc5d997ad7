package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Anchors placed at every feature location: every size with every aspect ratio.
 *
 * @param sizes  square-root areas in input pixels
 * @param ratios height / width ratios
 */
public record AnchorConfig(
        @JsonPropertyDescription("anchor sizes (sqrt of area) in input pixels") List<Double> sizes,
        @JsonPropertyDescription("anchor aspect ratios, height/width") List<Double> ratios) {

    public AnchorConfig {
        sizes = List.copyOf(sizes);
        ratios = List.copyOf(ratios);
        if (sizes.isEmpty() || ratios.isEmpty()) {
            throw new IllegalArgumentException("anchors: sizes and ratios must not be empty");
        }
    }

    public float[] sizesArray() {
        return toFloats(sizes);
    }

    public float[] ratiosArray() {
        return toFloats(ratios);
    }

    private static float[] toFloats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
