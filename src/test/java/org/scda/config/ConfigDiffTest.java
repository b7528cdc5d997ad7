package org.scda.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scda.adapt.core.AdaptConfig;

/** Differences between configs, named by dotted path, and settings that are refused at load. */
class ConfigDiffTest {

    private static JsonNode tree(TrainConfig c) {
        return Configs.json().valueToTree(c);
    }

    @Test
    void namesEachChangedSettingByItsPathWithBothValues() {
        TrainConfig before = TrainConfig.defaults();
        TrainConfig after = Configs.withOverrides(before, Map.of("seed", 5, "solver.baseLr", 0.5,
                "solver.steps", List.of(10, 20), "data.targetVal", ""));
        List<String> described = ConfigDiff.between(tree(before), tree(after)).stream()
                .map(ConfigDiff.Difference::describe).toList();
        assertThat(described).containsExactly("data.targetVal synth:foggy/target/val -> ''",
                "solver.baseLr 0.01 -> 0.5", "solver.steps [2200, 2700] -> [10, 20]", "seed 42 -> 5");
        assertThat(ConfigDiff.between(tree(before), tree(TrainConfig.defaults()))).isEmpty();
    }

    @Test
    void aSettingOnOneSideOnlyIsADifferenceToOrFromNone() throws Exception {
        JsonNode a = Configs.json().readTree("{\"adapt\": {\"lambda\": 0.1}, \"seed\": 1}");
        JsonNode b = Configs.json().readTree("{\"adapt\": {\"lambda\": 0.1, \"k\": 4}}");
        assertThat(ConfigDiff.between(a, b)).extracting(ConfigDiff.Difference::describe)
                .containsExactly("adapt.k (none) -> 4", "seed 1 -> (none)");
    }

    @Test
    void adaptConfigsCompareTheirSectionToo() {
        AdaptConfig a = AdaptConfig.defaults();
        AdaptConfig b = a.withOverrides(Map.of("adapt.lambda", 0.5, "seed", 3));
        assertThat(ConfigDiff.between(a.toTree(), b.toTree())).extracting(ConfigDiff.Difference::describe)
                .containsExactly("seed 42 -> 3", "adapt.lambda 0.1 -> 0.5");
    }
}
