package org.scda.ops;

/**
 * Anchors for one feature level, as torchvision's {@code AnchorGenerator}: base anchors centred
 * on 0 with {@code h/w = ratio}, {@code sqrt(w*h) = size}, rounded to integers (half to even,
 * like {@code torch.round}); ordered ratio-major then size; shifted to every feature location
 * {@code (x*stride, y*stride)}, row-major over locations, all anchors of a location together.
 */
public final class AnchorGenerator {

    private final float[] sizes;
    private final float[] aspectRatios;
    private final int stride;
    private final float[] baseAnchors;

    /**
     * @param sizes anchor sizes in image pixels (sqrt of the area), e.g. {128, 256, 512}
     * @param aspectRatios height/width ratios, e.g. {0.5, 1, 2}
     * @param stride image pixels per feature cell (the same in x and y)
     */
    public AnchorGenerator(float[] sizes, float[] aspectRatios, int stride) {
        if (sizes.length == 0 || aspectRatios.length == 0 || stride <= 0) {
            throw new IllegalArgumentException("need at least one size and one ratio and a positive stride");
        }
        this.sizes = sizes.clone();
        this.aspectRatios = aspectRatios.clone();
        this.stride = stride;
        this.baseAnchors = makeBaseAnchors(this.sizes, this.aspectRatios);
    }

    private static float[] makeBaseAnchors(float[] sizes, float[] ratios) {
        float[] base = new float[4 * sizes.length * ratios.length];
        int k = 0;
        for (float ratio : ratios) {
            float hRatio = (float) Math.sqrt(ratio);
            float wRatio = 1f / hRatio;
            for (float size : sizes) {
                float w = wRatio * size;
                float h = hRatio * size;
                base[k++] = (float) Math.rint(-w / 2);
                base[k++] = (float) Math.rint(-h / 2);
                base[k++] = (float) Math.rint(w / 2);
                base[k++] = (float) Math.rint(h / 2);
            }
        }
        return base;
    }

    /** @return A, the anchors at each feature location ({@code sizes x ratios}) */
    public int numAnchorsPerLocation() {
        return sizes.length * aspectRatios.length;
    }

    /** @return image pixels per feature cell */
    public int stride() {
        return stride;
    }

    /** @return the A base anchors centred on (0, 0), flat (length 4A), a copy */
    public float[] baseAnchors() {
        return baseAnchors.clone();
    }

    /**
     * All anchors of a feature map.
     *
     * @param featureHeight H, feature rows
     * @param featureWidth W, feature columns
     * @return (H*W*A) boxes, flat (length 4*H*W*A): location {@code (y, x)} row-major, then
     *     its A anchors in base-anchor order
     */
    public float[] anchors(int featureHeight, int featureWidth) {
        int a = numAnchorsPerLocation();
        float[] out = new float[4 * featureHeight * featureWidth * a];
        int k = 0;
        for (int y = 0; y < featureHeight; y++) {
            float sy = y * stride;
            for (int x = 0; x < featureWidth; x++) {
                float sx = x * stride;
                for (int i = 0; i < a; i++) {
                    out[k++] = sx + baseAnchors[4 * i];
                    out[k++] = sy + baseAnchors[4 * i + 1];
                    out[k++] = sx + baseAnchors[4 * i + 2];
                    out[k++] = sy + baseAnchors[4 * i + 3];
                }
            }
        }
        return out;
    }
}
