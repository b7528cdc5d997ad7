package org.scda.util;

/**
 * The SplitMix64 generator behind {@link java.util.SplittableRandom}: {@code new SplitMix64(seed)}
 * yields the same {@link #nextLong()} and {@link #nextDouble()} sequence as
 * {@code new SplittableRandom(seed)}, but its one-long state can be read and set, so that a
 * checkpoint can save it (SplittableRandom hides it and is not serialisable).
 */
public final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** The state, for {@link #setState}. */
    public long state() {
        return state;
    }

    /** Continues from a state returned by {@link #state()}. */
    public void setState(long newState) {
        this.state = newState;
    }
}
