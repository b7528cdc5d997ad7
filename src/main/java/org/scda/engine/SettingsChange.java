package org.scda.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.scda.config.ConfigDiff;
import org.scda.config.Configs;

/**
 * A setting changed when a run was resumed with {@code --resume-with-changes}: from the
 * resumed checkpoint's iteration on, the run trained with {@code to} instead of {@code from}.
 * Checkpoints carry the run's changes so far; {@code config.yaml} and {@code summary.json} list
 * them.
 *
 * @param iteration iterations completed when the change took effect
 * @param setting   dotted path of the setting, e.g. {@code solver.baseLr}
 * @param from      the value before
 * @param to        the value after
 */
public record SettingsChange(int iteration, String setting, JsonNode from, JsonNode to) {

    /** {@code iteration 4: seed 7 -> 5}. */
    public String describe() {
        return "iteration " + iteration + ": " + new ConfigDiff.Difference(setting, from, to).describe();
    }

    /** As written in checkpoints and {@code summary.json}: iteration, setting, from, to. */
    public ObjectNode toJson() {
        ObjectNode node = Configs.json().createObjectNode();
        node.put("iteration", iteration);
        node.put("setting", setting);
        if (!from.isMissingNode()) {
            node.set("from", from);
        }
        if (!to.isMissingNode()) {
            node.set("to", to);
        }
        return node;
    }

    /** The inverse of {@link #toJson()}. */
    public static SettingsChange fromJson(JsonNode node) {
        return new SettingsChange(node.get("iteration").asInt(), node.get("setting").asText(),
                node.has("from") ? node.get("from") : MissingNode.getInstance(),
                node.has("to") ? node.get("to") : MissingNode.getInstance());
    }
}
