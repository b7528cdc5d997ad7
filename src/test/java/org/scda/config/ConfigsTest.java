package org.scda.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.core.AdaptConfig;
import org.scda.util.ScdaException;

class ConfigsTest {

    @Test
    void yamlOverridesOnlyWhatItNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                model:
                  backbone: vgg16
                  anchors: {sizes: [32, 64]}
                  roi: {headDim: 4096}
                solver:
                  iterations: 70000
                  steps: [50000]
                seed: 7
                """);
        TrainConfig c = Configs.load(file);
        TrainConfig d = TrainConfig.defaults();
        assertThat(c.model().backbone()).isEqualTo("vgg16");
        assertThat(c.model().anchors().sizes()).containsExactly(32.0, 64.0);
        assertThat(c.model().anchors().ratios()).isEqualTo(d.model().anchors().ratios());
        assertThat(c.model().roi().headDim()).isEqualTo(4096);
        assertThat(c.model().roi().pooler()).isEqualTo(d.model().roi().pooler());
        assertThat(c.solver().iterations()).isEqualTo(70000);
        assertThat(c.solver().steps()).containsExactly(50000);
        assertThat(c.solver().baseLr()).isEqualTo(d.solver().baseLr());
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.data()).isEqualTo(d.data());
    }

    @Test
    void unknownKeysAndBadValuesAreErrors() {
        assertThatThrownBy(() -> Configs.parseYaml("solver: {iterationz: 5}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("iterationz");
        assertThatThrownBy(() -> Configs.parseYaml("model: {roi: {pooler: max}}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("pooler");
        assertThatThrownBy(() -> Configs.parseYaml("- a list"))
                .isInstanceOf(ScdaException.class);
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingTheFileLineAndKey(@TempDir Path dir) throws Exception {
        // YAML parsers keep the last value of a repeated key; a config that says 5 and 7 means one of them
        Path file = Files.writeString(dir.resolve("twice.yaml"), """
                solver:
                  iterations: 5
                  baseLr: 0.02
                  iterations: 7
                """);
        assertThatThrownBy(() -> Configs.load(file))
                .isInstanceOf(ScdaException.class)
                .hasMessage(file + ":4: duplicate key 'solver.iterations' (each key may appear once; which value was meant?)");
        assertThatThrownBy(() -> Configs.parseYaml("seed: 1\nseed: 2\n"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("duplicate key 'seed'");
        assertThatThrownBy(() -> Configs.parseJson("{\"seed\": 1, \"seed\": 2}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("duplicate key 'seed'");
        // the same key in two sections is two keys
        assertThat(Configs.parseYaml("solver: {iterations: 5}\nmodel: {mask: true}\n").solver().iterations()).isEqualTo(5);
    }

    @Test
    void theBuiltInValidationSplitsAreDefaultsForBuiltInSourcesOnly() {
        TrainConfig builtIn = TrainConfig.defaults();
        assertThat(builtIn.forSource(false, false)).isSameAs(builtIn);
        TrainConfig oracle = Configs.withOverrides(builtIn, Map.of("data.source", "synth:foggy/target_oracle/train"));
        assertThat(oracle.forSource(false, false).data().targetVal()).isEqualTo("synth:foggy/target/val");

        TrainConfig mine = Configs.withOverrides(builtIn, Map.of("data.source", "coco:mine.json",
                "data.sourceVal", "coco:mine_val.json"));
        assertThat(mine.forSource(true, false).data())
                .isEqualTo(new DataConfig("coco:mine.json", "coco:mine_val.json", "", 0));
        // given on the command line, even the built-in split is the user's choice
        assertThat(mine.forSource(true, true).data().targetVal()).isEqualTo("synth:foggy/target/val");
        // a target-val of the user's own is kept
        TrainConfig mineWithTarget = Configs.withOverrides(mine, Map.of("data.targetVal", "coco:fog_val.json"));
        assertThat(mineWithTarget.forSource(true, false).data().targetVal()).isEqualTo("coco:fog_val.json");

        TrainConfig noSourceVal = Configs.withOverrides(builtIn, Map.of("data.source", "voc:/data/sim10k"));
        assertThatThrownBy(() -> noSourceVal.forSource(false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("voc:/data/sim10k").hasMessageContaining("--source-val");
    }

    @Test
    void jsonAndYamlRoundTrip() {
        TrainConfig c = Configs.withOverrides(TrainConfig.defaults(),
                Map.of("solver.iterations", 123, "model.backbone", "vgg16-bn", "data.targetVal", ""));
        assertThat(Configs.parseJson(Configs.toJson(c))).isEqualTo(c);
        assertThat(Configs.parseYaml(Configs.toYaml(c))).isEqualTo(c);
        assertThat(c.solver().iterations()).isEqualTo(123);
        assertThat(c.model().backbone()).isEqualTo("vgg16-bn");
    }

    @Test
    void shippedPaperConfigLoads() throws Exception {
        try (var in = getClass().getResourceAsStream("/configs/vgg16-paper.yaml")) {
            TrainConfig c = Configs.parseYaml(new String(in.readAllBytes()));
            assertThat(c.model().backbone()).isEqualTo("vgg16");
            assertThat(c.model().roi().headDim()).isEqualTo(4096);
            assertThat(c.model().input().shortSide()).isEqualTo(512);
            assertThat(c.solver().steps()).isEqualTo(List.of(50000));
        }
    }

    @Test
    void aScaledScheduleKeepsTheStepsFractionAndCapsTheWarmup() {
        TrainConfig base = TrainConfig.defaults();
        int from = base.solver().iterations();
        TrainConfig third = Configs.withOverrides(base, Map.of("solver.iterations", from / 3)).scaledSchedule(from);
        assertThat(third.solver().iterations()).isEqualTo(from / 3);
        for (int k = 0; k < base.solver().steps().size(); k++) {
            double fraction = (double) base.solver().steps().get(k) / from;
            assertThat((double) third.solver().steps().get(k) / third.solver().iterations())
                    .isCloseTo(fraction, org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(third.solver().warmupIterations())
                .isLessThanOrEqualTo(Math.max(1, third.solver().iterations() / 10))
                .isLessThanOrEqualTo(base.solver().warmupIterations());
        assertThat(base.scaledSchedule(from)).isSameAs(base);
    }

    @Test
    void nIterationsScaleScheduleAndPeriodsByOneRuleForEveryCommand() {
        // 3000 iterations, steps 2200, 2700, evaluation and checkpoints every 500
        TrainConfig base = Configs.withOverrides(TrainConfig.defaults(), Map.of("evalPeriod", 500, "checkpointPeriod", 500));
        TrainConfig third = base.withIterations(1000);
        assertThat(third.solver().iterations()).isEqualTo(1000);
        assertThat(third.solver().steps()).containsExactly(733, 900);
        assertThat(third.evalPeriod()).isEqualTo(167);
        assertThat(third.checkpointPeriod()).isEqualTo(167);
        assertThat(third.logPeriod()).isEqualTo(base.logPeriod());
        TrainConfig tiny = base.withIterations(10);
        assertThat(tiny.evalPeriod()).isEqualTo(2);
        assertThat(tiny.logPeriod()).isEqualTo(1);
        assertThat(Configs.withOverrides(base, Map.of("evalPeriod", 0)).withIterations(1000).evalPeriod())
                .as("no periodic evaluation stays none").isZero();
        assertThat(base.withIterations(3000)).isEqualTo(base);
    }

    @Test
    void learningRatesMustBeFinitePositiveNumbersNamedInTheError() {
        for (double lr : new double[] {Double.NaN, -1, 0, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Configs.withOverrides(TrainConfig.defaults(), Map.of("solver.baseLr", lr)))
                    .as("lr %s", lr).isInstanceOf(ScdaException.class)
                    .hasMessage("config: solver.baseLr must be a finite number > 0, got " + lr);
        }
        assertThat(Configs.withOverrides(TrainConfig.defaults(), Map.of("solver.baseLr", 1e3)).solver().baseLr())
                .isEqualTo(1e3);
        assertThatThrownBy(() -> AdaptConfig.parseYaml("adapt: {generatorLr: -1e-4}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("adapt.generatorLr must be a finite number > 0");
    }

    @Test
    void theDivergenceSectionDefaultsWhenAbsentAndIsValidated() {
        assertThat(Configs.parseYaml("seed: 3").divergence()).isEqualTo(DivergenceConfig.DEFAULTS);
        assertThat(Configs.parseYaml("divergence: {lossFactor: 20}").divergence())
                .isEqualTo(new DivergenceConfig(20, 100, 20, 3));
        assertThatThrownBy(() -> Configs.parseYaml("divergence: {lossFactor: 1}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("divergence.lossFactor");
        assertThatThrownBy(() -> Configs.parseYaml("divergence: {maxRollbacks: -1}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("divergence.maxRollbacks");
    }

    @Test
    void anAdaptationFileOfBeforeTheSharedGuardKeepsItsSkipStreak() {
        AdaptConfig old = AdaptConfig.parseYaml("adapt: {rollbackAfterSkips: 7}");
        assertThat(old.train().divergence().skipStreak()).isEqualTo(7);
        assertThat(old.toYaml()).doesNotContain("rollbackAfterSkips").contains("skipStreak: 7");
        assertThat(AdaptConfig.parseYaml("adapt: {rollbackAfterSkips: 7}\ndivergence: {skipStreak: 9}")
                .train().divergence().skipStreak()).isEqualTo(9);
    }

    @Test
    void augmentIsNoneByDefaultStrongOnRequestAndAnythingElseIsAOneLineError() {
        assertThat(TrainConfig.defaults().model().input().augment()).isEqualTo("none");
        assertThat(TrainConfig.defaults().model().input().strongAugment()).isFalse();
        InputConfig strong = Configs.parseYaml("model: {input: {augment: strong}}").model().input();
        assertThat(strong.strongAugment()).isTrue();
        assertThat(strong.flip()).isTrue(); // the rest of the section keeps its defaults
        assertThat(Configs.withOverrides(TrainConfig.defaults(), Map.of("model.input.augment", "strong"))
                .model().input().augment()).isEqualTo("strong");
        assertThatThrownBy(() -> Configs.parseYaml("model: {input: {augment: medium}}"))
                .isInstanceOf(ScdaException.class)
                .hasMessage("config: model.input.augment must be 'none' or 'strong', got 'medium'");
        assertThatThrownBy(() -> Configs.parseYaml("model: {input: {augment: Strong}}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("model.input.augment");
    }

    @Test
    void aConfigWrittenBeforeAugmentExistedReadsAsNone() {
        // checkpoints and config.yaml files of earlier runs have no augment key: they resume unchanged
        String json = Configs.toJson(TrainConfig.defaults()).replaceAll(",\\s*\"augment\"\\s*:\\s*\"none\"", "");
        assertThat(json).doesNotContain("augment");
        TrainConfig read = Configs.parseJson(json);
        assertThat(read.model().input().augment()).isEqualTo("none");
        assertThat(ConfigDiff.between(Configs.json().valueToTree(read), Configs.json().valueToTree(TrainConfig.defaults())))
                .isEmpty();
    }
}
