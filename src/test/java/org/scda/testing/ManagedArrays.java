package org.scda.testing;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Field;
import java.util.Map;

/** How many arrays a manager and its sub-managers hold: a count that grows per iteration is a leak. */
public final class ManagedArrays {
    private ManagedArrays() {
    }

    /** Arrays attached to {@code manager} or any manager under it. */
    public static int count(NDManager manager) {
        int n = 0;
        for (Object r : resources(manager).values()) {
            if (r instanceof NDManager sub) {
                n += count(sub);
            } else if (r instanceof NDArray) {
                n++;
            }
        }
        return n;
    }

    private static Map<?, ?> resources(NDManager manager) {
        try {
            Field f = BaseNDManager.class.getDeclaredField("resources");
            f.setAccessible(true);
            return (Map<?, ?>) f.get(manager);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DJL's BaseNDManager has no 'resources' map any more", e);
        }
    }
}
