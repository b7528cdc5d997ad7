package org.scda.adapt.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scda.config.Configs;
import org.scda.config.DataConfig;
import org.scda.config.TrainConfig;
import org.scda.util.ScdaException;

/**
 * Everything an adaptation run needs: the detector's training config ({@link TrainConfig}, the
 * same keys as {@code scda train}'s files at the top level) plus an {@code adapt:} section
 * ({@link AdaptSettings}). A file need only name what differs from the defaults
 * ({@link TrainConfig#defaults()} and {@link AdaptSettings#defaults()}); unknown keys are errors
 * naming the file.
 *
 * <pre>{@code
 * adapt:
 *   preset: cpu-type2
 *   target: synth:foggy/target/train
 *   ablations: {detachRegionFeatures: true}
 * solver: {iterations: 1500}
 * }</pre>
 *
 * @param train the detector, data (source, source-val, target-val), solver and run settings
 * @param adapt the target data and the alignment
 */
public record AdaptConfig(TrainConfig train, AdaptSettings adapt) {

    /** The section key of {@link AdaptSettings} in a config file. */
    public static final String SECTION = "adapt";

    private static final ObjectMapper YAML = Configs.yaml();

    public AdaptConfig {
        if (train == null || adapt == null) {
            throw new IllegalArgumentException("train and adapt settings are required");
        }
    }

    /** The CPU default: the detector's default config and Type2 scaled to 256x128. */
    public static AdaptConfig defaults() {
        return new AdaptConfig(TrainConfig.defaults(), AdaptSettings.defaults());
    }

    /** Loads a YAML (or JSON) file merged over the defaults. */
    public static AdaptConfig load(Path file) {
        return parse(Configs.readFile(file, "config"), file.toString());
    }

    /** Parses YAML text merged over the defaults. */
    public static AdaptConfig parseYaml(String yaml) {
        return parse(yaml, "config");
    }

    private static AdaptConfig parse(String text, String where) {
        JsonNode node = Configs.readYamlTree(text, where);
        ObjectNode trainPart = Configs.json().createObjectNode();
        JsonNode adaptPart = null;
        if (node != null && !node.isNull() && !node.isMissingNode()) {
            if (!node.isObject()) {
                throw new ScdaException(where + ": a config must be a mapping of keys to values");
            }
            trainPart = ((ObjectNode) node).deepCopy();
            adaptPart = trainPart.remove(SECTION);
            if (adaptPart != null && !adaptPart.isObject()) {
                throw new ScdaException(where + ": '" + SECTION + "' must be a mapping of keys to values");
            }
            if (adaptPart != null) {
                moveRollbackAfterSkips(trainPart, (ObjectNode) adaptPart);
            }
        }
        TrainConfig train;
        try {
            train = Configs.parseJson(Configs.json().writeValueAsString(trainPart));
        } catch (IOException e) {
            throw new ScdaException(where + ": " + e.getMessage(), e);
        } catch (ScdaException e) {
            throw new ScdaException(where + ": " + e.getMessage().replaceFirst("^config: ", ""), e);
        }
        return new AdaptConfig(train, adaptFromTree((ObjectNode) adaptPart, where));
    }

    /**
     * Files written before the divergence guard was shared with {@code scda train} have
     * {@code adapt.rollbackAfterSkips}: it is {@code divergence.skipStreak} now (which wins when
     * both are given).
     */
    private static void moveRollbackAfterSkips(ObjectNode trainPart, ObjectNode adaptPart) {
        JsonNode old = adaptPart.remove("rollbackAfterSkips");
        if (old == null) {
            return;
        }
        JsonNode divergence = trainPart.get("divergence");
        if (divergence == null || divergence.isNull()) {
            divergence = trainPart.putObject("divergence");
        }
        if (divergence instanceof ObjectNode d && !d.has("skipStreak")) {
            d.set("skipStreak", old);
        }
    }

    private static AdaptSettings adaptFromTree(ObjectNode node, String where) {
        ObjectNode base = Configs.json().valueToTree(AdaptSettings.defaults());
        if (node != null) {
            Configs.merge(base, node);
        }
        try {
            return Configs.json().treeToValue(base, AdaptSettings.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ScdaException(where + ": " + SECTION + ": " + Configs.problem(e), e);
        }
    }

    /**
     * The config with values replaced by dotted paths: {@code adapt.*} keys go to the adapt
     * section (e.g. {@code adapt.ablations.detachRegionFeatures}), the others to the training
     * config as in {@link Configs#withOverrides}; null values are skipped.
     */
    public AdaptConfig withOverrides(Map<String, Object> overrides) {
        Map<String, Object> trainOverrides = new LinkedHashMap<>();
        ObjectNode adaptTree = Configs.json().valueToTree(adapt);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (!e.getKey().startsWith(SECTION + ".")) {
                trainOverrides.put(e.getKey(), e.getValue());
                continue;
            }
            String[] path = e.getKey().substring(SECTION.length() + 1).split("\\.");
            ObjectNode node = adaptTree;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = node.get(path[i]);
                if (!(child instanceof ObjectNode)) {
                    throw new IllegalArgumentException("no config section '" + path[i] + "' in " + e.getKey());
                }
                node = (ObjectNode) child;
            }
            node.set(path[path.length - 1], Configs.json().valueToTree(e.getValue()));
        }
        TrainConfig newTrain = trainOverrides.isEmpty() ? train : Configs.withOverrides(train, trainOverrides);
        return new AdaptConfig(newTrain, adaptFromTree(adaptTree, "overrides"));
    }

    /**
     * This config with the built-in benchmark's defaults kept for runs on a built-in benchmark
     * only: {@link TrainConfig#forSource} for the validation data and, when the source is not
     * built in, a target still at the built-in default is an error (adapting the user's detector
     * to the built-in foggy images is not what a user of their own data means).
     *
     * @param targetGiven whether the user set the target (on the command line)
     * @throws IllegalArgumentException naming the source and the missing setting
     */
    public AdaptConfig forSource(boolean sourceValGiven, boolean targetValGiven, boolean targetGiven) {
        TrainConfig resolved = train.forSource(sourceValGiven, targetValGiven);
        String builtInTarget = AdaptSettings.defaults().target();
        if (!targetGiven && !DataConfig.isBuiltIn(train.data().source()) && builtInTarget.equals(adapt.target())) {
            throw new IllegalArgumentException("the source " + train.data().source() + " is not a built-in benchmark, so"
                    + " the built-in " + builtInTarget + " is no target for it: give --target (adapt.target)");
        }
        return resolved == train ? this : new AdaptConfig(resolved, adapt);
    }

    /** This config as a tree: the training keys at the top level and the {@code adapt:} section. */
    public ObjectNode toTree() {
        ObjectNode tree = Configs.json().valueToTree(train);
        tree.set(SECTION, Configs.json().valueToTree(adapt));
        return tree;
    }

    /** This config as YAML: the training keys at the top level and the {@code adapt:} section. */
    public String toYaml() {
        ObjectNode tree = toTree();
        try {
            return YAML.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
