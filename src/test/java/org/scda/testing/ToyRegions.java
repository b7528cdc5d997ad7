package org.scda.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.scda.adapt.align.AlignmentPreset;
import org.scda.adapt.align.AlignmentShapes;
import org.scda.adapt.mining.MinedRegions;
import org.scda.adapt.mining.RegionMiner;

/**
 * Tiny mined regions for the alignment's unit tests: {@value #N} RoIs in two groups on a
 * 256x128 image of one flat value, K=2 regions of m=4 features of d={@value #D} (8x8 maps),
 * 32x32 patches ({@link #TINY}). The RoI features are a stand-in for the detector's: a leaf with
 * gradient, so a test can see where step 4's gradient goes.
 */
public final class ToyRegions {

    /** K=2, m=4, 32-pixel regions. */
    public static final AlignmentPreset TINY = new AlignmentPreset("tiny", 2, 4, 32);
    /** Feature dimension. */
    public static final int D = 64;
    /** RoIs per image. */
    public static final int N = 10;
    /** The shapes of alignment modules for {@link #TINY} regions of {@link #D}-dim features. */
    public static final AlignmentShapes SHAPES = AlignmentShapes.forRegions(TINY, D);

    private final NDManager manager;

    /** Regions whose arrays belong to {@code manager}. */
    public ToyRegions(NDManager manager) {
        this.manager = manager;
    }

    /** {@value #N} boxes of 12x12 in two groups (left and right), shifted right by {@code offset}. */
    public static float[] boxes(float offset) {
        float[] b = new float[N * 4];
        for (int i = 0; i < N; i++) {
            float cx = (i % 2 == 0 ? 30 : 180) + i + offset;
            float cy = (i % 2 == 0 ? 40 : 90);
            b[4 * i] = cx - 6;
            b[4 * i + 1] = cy - 6;
            b[4 * i + 2] = cx + 6;
            b[4 * i + 3] = cy + 6;
        }
        return b;
    }

    /** Objectness falling from 1 by 0.05 per RoI. */
    public static float[] scores() {
        float[] s = new float[N];
        for (int i = 0; i < N; i++) {
            s[i] = 1f - 0.05f * i;
        }
        return s;
    }

    /** A stand-in for the detector's RoI features {@code (N, D)}: normal noise plus {@code shift}, with gradient. */
    public NDArray standInF(float shift) {
        NDArray f = manager.randomNormal(new Shape(N, D)).add(shift);
        f.setRequiresGradient(true);
        return f;
    }

    /**
     * The regions of {@code roiFeatures} on an image of {@code imageValue} (plus noise of 0.05),
     * RoIs {@link #boxes(float)}.
     */
    public MinedRegions mine(NDArray roiFeatures, float imageValue, float offset) {
        NDArray image = manager.full(new Shape(1, 3, 128, 256), imageValue)
                .add(manager.randomUniform(-0.05f, 0.05f, new Shape(1, 3, 128, 256)));
        return new RegionMiner(TINY.miningConfig(0)).mine(boxes(offset), scores(), roiFeatures, image);
    }
}
