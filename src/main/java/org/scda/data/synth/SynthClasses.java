package org.scda.data.synth;

import java.util.List;

/**
 * The object classes of every synthetic domain, in class-id order. All three scenarios use the
 * same list in both domains, so any class (for example {@code car} alone, as in the paper's
 * KITTI to Cityscapes setting) can be selected with {@code ?classes=}.
 */
public final class SynthClasses {
    /** Class id 0: a low, wide box with cabin and wheels, seen from behind or the side; common. */
    public static final int CAR = 0;
    /** Class id 1: tall and thin: head, torso, arms, legs. */
    public static final int PERSON = 1;
    /** Class id 2: a large, tall box with a window band; seen from behind or the side. */
    public static final int BUS = 2;
    /** Class id 3: two wheels and a thin frame, side view; rare (about 5% of objects). */
    public static final int BICYCLE = 3;

    /** Class names indexed by class id. */
    public static final List<String> NAMES = List.of("car", "person", "bus", "bicycle");

    /** Probability of each class when an object is placed (sums to 1). */
    static final double[] FREQUENCY = {0.51, 0.28, 0.15, 0.06};

    private SynthClasses() {
    }
}
