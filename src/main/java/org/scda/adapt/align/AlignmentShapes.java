package org.scda.adapt.align;

/**
 * Tensor sizes the alignment modules are built for.
 *
 * @param featuresPerRegion m (the generator's input channels)
 * @param featureDim d
 * @param patchHeight height of generated and real patches
 * @param patchWidth width of generated and real patches
 * @param mapHeight height of the map each feature is reshaped to, 0 for the generator's default
 * @param mapWidth width of that map, 0 for the default
 */
public record AlignmentShapes(int featuresPerRegion, int featureDim, int patchHeight, int patchWidth,
                              int mapHeight, int mapWidth) {

    public AlignmentShapes {
        if (featuresPerRegion < 1 || featureDim < 1 || patchHeight < 1 || patchWidth < 1 || mapHeight < 0
                || mapWidth < 0) {
            throw new IllegalArgumentException("bad alignment shapes: m=" + featuresPerRegion + " d=" + featureDim
                    + " patch=" + patchHeight + "x" + patchWidth + " map=" + mapHeight + "x" + mapWidth);
        }
    }

    /** Regions of a preset over RoI features of dimension d. */
    public static AlignmentShapes forRegions(AlignmentPreset preset, int featureDim) {
        return new AlignmentShapes(preset.m(), featureDim, preset.regionSize(), preset.regionSize(), 0, 0);
    }

    /**
     * The global variant: a {@code (1, C, h, w)} backbone map to a {@code (1, 3, H, W)} image;
     * H / h = W / w must be a power of two (the backbone stride).
     */
    public static AlignmentShapes forGlobal(int channels, int mapHeight, int mapWidth, int imageHeight,
                                            int imageWidth) {
        return new AlignmentShapes(channels, mapHeight * mapWidth, imageHeight, imageWidth, mapHeight, mapWidth);
    }
}
