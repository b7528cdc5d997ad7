package org.scda.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The run-lifecycle fields both commands write into {@code summary.json}. */
public final class LifecycleJson {
    private LifecycleJson() {
    }

    /**
     * Adds {@code rollbacks}, {@code settings_changes} (each with the iteration it took effect at)
     * and {@code divergence} (the guard's loss factor and the largest ratio of a healthy loss to
     * its running median this session: the margin the run kept).
     */
    public static void put(ObjectNode root, TrainingLoop loop, List<SettingsChange> changes) {
        root.put("rollbacks", loop.rollbacks());
        ArrayNode list = root.putArray("settings_changes");
        changes.forEach(c -> list.add(c.toJson()));
        DivergenceGuard guard = loop.guard();
        if (guard != null) {
            ObjectNode d = root.putObject("divergence");
            d.put("loss_factor", guard.config().lossFactor());
            double ratio = guard.largestRatio();
            if (Double.isFinite(ratio)) {
                d.put("largest_loss_ratio", ratio);
            } else {
                d.putNull("largest_loss_ratio");
            }
        }
    }
}
