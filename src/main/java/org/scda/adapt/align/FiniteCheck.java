package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Detects NaN or infinite losses so the trainer can skip the step and count it (adversarial
 * training can diverge). Pure reads; never throws on a non-finite value.
 */
public final class FiniteCheck {

    private FiniteCheck() {
    }

    /** True when every element of {@code x} is finite. */
    public static boolean isFinite(NDArray x) {
        try (NDArray bad = x.isNaN().logicalOr(x.isInfinite()); NDArray any = bad.any()) {
            return !any.getBoolean();
        }
    }

    /** The names of the non-finite entries, in map order; empty when all are finite. */
    public static List<String> nonFinite(Map<String, NDArray> losses) {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : losses.entrySet()) {
            if (!isFinite(e.getValue())) {
                bad.add(e.getKey());
            }
        }
        return bad;
    }
}
