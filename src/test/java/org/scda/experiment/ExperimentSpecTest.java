package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.util.ScdaException;

class ExperimentSpecTest {
    @TempDir
    Path tmp;

    static final String YAML = """
            name: demo
            seeds: [1, 2]
            iterations: 100
            quick: {seeds: [7], iterations: 5, overrides: {data.valLimit: 4}}
            overrides: {evalPeriod: 50, solver.baseLr: 0.02}
            scenarios:
              foggy: {synth: foggy}
              camera: {synth: camera, classes: [car], overrides: {solver.baseLr: 0.03}}
            variants:
              so: {method: source-only, label: Source-only}
              or: {method: oracle}
              t2: {method: scda, config: cfg/t2.yaml, overrides: {adapt.ablations.withoutEstimator: true, solver.baseLr: 0.04}}
            matrix:
              - {scenarios: [foggy, camera], variants: [so, t2]}
              - {scenarios: [foggy], variants: [or, so]}
            tables:
              - {id: t, title: T, scenario: foggy, variants: [so, or, t2], paper: table2}
            """;

    ExperimentSpec parse(String yaml) {
        return ExperimentSpec.parse(yaml, "demo.yaml", tmp);
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingTheFileAndKey() throws Exception {
        // a second 'so' variant would silently replace the first
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("twice.yaml"),
                YAML.replace("  or: {method: oracle}\n", "  or: {method: oracle}\n  so: {method: oracle}\n"));
        assertThatThrownBy(() -> ExperimentSpec.load(file))
                .isInstanceOf(org.scda.util.ScdaException.class)
                .hasMessageStartingWith(file + ":12: duplicate key 'variants.so'");
    }

    @Test
    void expandsTheMatrixInFileOrderWithoutDuplicates() {
        List<RunSpec> runs = parse(YAML).expand(false);
        assertThat(runs).extracting(RunSpec::id).containsExactly(
                "foggy/so/seed1", "foggy/so/seed2", "foggy/t2/seed1", "foggy/t2/seed2",
                "camera/so/seed1", "camera/so/seed2", "camera/t2/seed1", "camera/t2/seed2",
                "foggy/or/seed1", "foggy/or/seed2");
        assertThat(runs).allSatisfy(r -> assertThat(r.iterations()).isEqualTo(100));
        assertThat(runs.get(8).method()).isEqualTo("oracle");
        assertThat(runs.get(8).variant().label()).isEqualTo("or");
    }

    @Test
    void quickUsesTheQuickSeedsAndIterations() {
        List<RunSpec> runs = parse(YAML).expand(true);
        assertThat(runs).hasSize(5);
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.overrides()).containsEntry("data.valLimit", 4).containsEntry("evalPeriod", 50);
            assertThat(r.seed()).isEqualTo(7);
            assertThat(r.iterations()).isEqualTo(5);
        });
    }

    @Test
    void quickVariantsKeepOnlyTheNamedRowsAndUnknownNamesAreRefused() {
        String yaml = YAML.replace("overrides: {data.valLimit: 4}}", "overrides: {data.valLimit: 4}, variants: [so, or]}");
        assertThat(parse(yaml).expand(true)).extracting(RunSpec::id)
                .containsExactly("foggy/so/seed7", "camera/so/seed7", "foggy/or/seed7");
        assertThat(parse(yaml).expand(false)).hasSize(10);
        assertThatThrownBy(() -> parse(YAML.replace("overrides: {data.valLimit: 4}}",
                "overrides: {data.valLimit: 4}, variants: [so, t3]}")))
                .isInstanceOf(ScdaException.class).hasMessageContaining("t3");
    }

    @Test
    void scenarioAndVariantNamesThatWouldShareAFolderOrAClaimAreRefused() {
        // runs are folders SCENARIO/VARIANT/seedN and claims SCENARIO__VARIANT__seedN.lock
        for (String bad : new String[] {"a__b", "a/b", ".hidden", "a b", "a_", "_b"}) {
            assertThatThrownBy(() -> parse(YAML.replace("  so: {method", "  '" + bad + "': {method")))
                    .as(bad).isInstanceOf(ScdaException.class).hasMessageContaining("variant name '" + bad + "'");
        }
        assertThatThrownBy(() -> parse(YAML.replace("  foggy: {synth: foggy}", "  fog__gy: {synth: foggy}")))
                .isInstanceOf(ScdaException.class).hasMessageContaining("scenario name 'fog__gy'");
        // names as the shipped experiments write them stay valid
        ExperimentSpec ok = parse("""
                name: n
                seeds: [1]
                scenarios: {foggy@0.3: {synth: foggy@0.3}}
                variants: {source-only_v+1.5: {method: source-only}}
                matrix: [{scenarios: [foggy@0.3], variants: [source-only_v+1.5]}]
                """);
        assertThat(ok.scenarios()).containsOnlyKeys("foggy@0.3");
        assertThat(ok.variants()).containsOnlyKeys("source-only_v+1.5");
    }

    @Test
    void quickScenariosKeepOnlyTheNamedPairsAndUnknownNamesAreRefused() {
        String yaml = YAML.replace("overrides: {data.valLimit: 4}}",
                "overrides: {data.valLimit: 4}, variants: [so, or], scenarios: [camera]}");
        assertThat(parse(yaml).expand(true)).extracting(RunSpec::id).containsExactly("camera/so/seed7");
        assertThat(parse(yaml).expand(false)).hasSize(10);
        assertThatThrownBy(() -> parse(YAML.replace("overrides: {data.valLimit: 4}}",
                "overrides: {data.valLimit: 4}, scenarios: [rainy]}")))
                .isInstanceOf(ScdaException.class).hasMessageContaining("rainy");
    }

    @Test
    void overridesLayerExperimentScenarioVariant() {
        List<RunSpec> runs = parse(YAML).expand(false);
        RunSpec foggySo = runs.get(0);
        RunSpec cameraSo = runs.get(4);
        RunSpec cameraT2 = runs.get(6);
        assertThat(foggySo.overrides()).containsEntry("solver.baseLr", 0.02).containsEntry("evalPeriod", 50)
                .doesNotContainKey("data.valLimit");
        assertThat(cameraSo.overrides()).containsEntry("solver.baseLr", 0.03);
        assertThat(cameraT2.overrides()).containsEntry("solver.baseLr", 0.04)
                .containsEntry("adapt.ablations.withoutEstimator", true);
    }

    @Test
    void synthScenariosNameTheBuiltInSplitsAndKeepClasses() {
        ExperimentSpec e = parse(YAML);
        ScenarioSpec camera = e.scenarios().get("camera");
        assertThat(camera.source()).isEqualTo("synth:camera/source/train?classes=car");
        assertThat(camera.targetVal()).isEqualTo("synth:camera/target/val?classes=car");
        assertThat(camera.oracle()).isEqualTo("synth:camera/target_oracle/train?classes=car");
        assertThat(e.scenarios().get("foggy").target()).isEqualTo("synth:foggy/target/train");
    }

    @Test
    void configsResolveAgainstTheFileFolderAndMissingOnesAreNamed() throws Exception {
        ExperimentSpec e = parse(YAML);
        assertThatThrownBy(e::configFiles).isInstanceOf(ScdaException.class).hasMessageContaining("cfg/t2.yaml");
        Files.createDirectories(tmp.resolve("cfg"));
        Files.writeString(tmp.resolve("cfg/t2.yaml"), "seed: 3\n");
        assertThat(e.configFiles()).containsExactly(tmp.resolve("cfg/t2.yaml"));
        assertThat(e.expand(false).get(2).configFile()).isEqualTo(tmp.resolve("cfg/t2.yaml"));
    }

    @Test
    void builtInConfigsResolveFromTheClasspath() {
        assertThat(parse(YAML).resolveConfig("configs/vgg16-paper.yaml")).isRegularFile();
    }

    @Test
    void errorsNameTheFileAndTheProblem() {
        assertThatThrownBy(() -> parse(YAML.replace("method: oracle", "method: magic")))
                .hasMessageContaining("demo.yaml").hasMessageContaining("unknown method 'magic'");
        assertThatThrownBy(() -> parse(YAML.replace("variants: [or, so]", "variants: [or, nope]")))
                .hasMessageContaining("variant 'nope' is not defined");
        assertThatThrownBy(() -> parse(YAML.replace("iterations: 100", "iterationz: 100")))
                .hasMessageContaining("unknown key 'iterationz'");
        assertThatThrownBy(() -> parse(YAML.replace("scenario: foggy, variants", "scenario: rain, variants")))
                .hasMessageContaining("scenario 'rain' is not defined");
        assertThatThrownBy(() -> parse(YAML.replace("seeds: [1, 2]", "seeds: []")))
                .hasMessageContaining("at least one seed");
    }

    @Test
    void domainGapIsOffUnlessAskedForAndMustBeYesOrNo() {
        assertThat(parse(YAML).domainGap()).isFalse();
        assertThat(parse(YAML.replace("iterations: 100", "iterations: 100\ndomainGap: true")).domainGap()).isTrue();
        assertThatThrownBy(() -> parse(YAML.replace("iterations: 100", "iterations: 100\ndomainGap: 200")))
                .hasMessageContaining("demo.yaml").hasMessageContaining("'domainGap' must be true or false");
    }

    @Test
    void filterSelectsByGlobOverRunIds() {
        List<RunSpec> runs = parse(YAML).expand(false);
        assertThat(new RunFilter("foggy/*").apply(runs)).hasSize(6);
        assertThat(new RunFilter("*/so/seed1").apply(runs)).extracting(RunSpec::id)
                .containsExactly("foggy/so/seed1", "camera/so/seed1");
        assertThat(new RunFilter("camera/t2/*,foggy/or/seed?").apply(runs)).hasSize(4);
        assertThat(new RunFilter(null).apply(runs)).hasSize(10);
        assertThat(new RunFilter("foggy").apply(runs)).isEmpty();
    }

    @Test
    void iterationsScaleThePresetScheduleButNotExplicitOverrides() {
        RunSpec so = parse(YAML).expand(false).get(0);
        org.scda.config.TrainConfig c = RunConfigs.train(so, so.scenario().source());
        org.scda.config.TrainConfig d = org.scda.config.TrainConfig.defaults();
        assertThat(c.solver().iterations()).isEqualTo(100);
        assertThat(c.solver().steps()).containsExactly(
                (int) Math.round(d.solver().steps().get(0) * 100.0 / d.solver().iterations()),
                (int) Math.round(d.solver().steps().get(1) * 100.0 / d.solver().iterations()));
        assertThat(c.evalPeriod()).isEqualTo(50);
        assertThat(c.solver().baseLr()).isEqualTo(0.02);
        assertThat(c.seed()).isEqualTo(1);
        assertThat(c.data().source()).isEqualTo("synth:foggy/source/train");
        assertThat(c.data().targetVal()).isEqualTo("synth:foggy/target/val");
        RunSpec oracle = parse(YAML).expand(false).get(8);
        assertThat(RunConfigs.train(oracle, oracle.scenario().oracle()).data().source())
                .isEqualTo("synth:foggy/target_oracle/train");
    }

    @Test
    void aStronglyAugmentedSourceOnlyRowIsAVariantWithOneOverride() {
        String yaml = YAML.replace("  or: {method: oracle}\n", "  or: {method: oracle}\n"
                + "  so-strong: {method: source-only, label: Source-only + strong aug,"
                + " overrides: {model.input.augment: strong}}\n")
                .replace("variants: [so, or, t2], paper", "variants: [so, so-strong, or, t2], paper")
                .replace("- {scenarios: [foggy], variants: [or, so]}", "- {scenarios: [foggy], variants: [or, so, so-strong]}");
        List<RunSpec> runs = parse(yaml).expand(false);
        RunSpec strong = runs.stream().filter(r -> r.id().equals("foggy/so-strong/seed1")).findFirst().orElseThrow();
        RunSpec plain = runs.stream().filter(r -> r.id().equals("foggy/so/seed1")).findFirst().orElseThrow();
        assertThat(strong.method()).isEqualTo("source-only");
        assertThat(RunConfigs.train(strong, strong.scenario().source()).model().input().augment()).isEqualTo("strong");
        assertThat(RunConfigs.train(plain, plain.scenario().source()).model().input().augment()).isEqualTo("none");
        RunSpec bad = parse(yaml.replace("augment: strong", "augment: weak")).expand(false).stream()
                .filter(r -> r.id().equals("foggy/so-strong/seed1")).findFirst().orElseThrow();
        assertThatThrownBy(() -> RunConfigs.train(bad, bad.scenario().source()))
                .isInstanceOf(ScdaException.class).hasMessageContaining("model.input.augment must be 'none' or 'strong'");
    }

    @Test
    void sharedAdaptOverridesReachTheMethodsThatReadThemAndAVariantsOwnStayStrict() {
        ExperimentSpec e = parse("""
                name: shared
                seeds: [1]
                overrides: {adapt.picturePeriod: 100, adapt.lambda: 0.5, evalPeriod: 10}
                scenarios:
                  foggy: {synth: foggy}
                variants:
                  so: {method: source-only}
                  type2: {method: scda}
                  da: {method: da-faster}
                  bn: {method: adabn}
                  da-own: {method: da-faster, overrides: {adapt.preset: cpu-type3}}
                matrix:
                  - scenarios: [foggy]
                    variants: [so, type2, da, bn, da-own]
                """);
        Map<String, Map<String, Object>> o = new java.util.HashMap<>();
        e.expand(false).forEach(r -> o.put(r.variantId(), r.overrides()));
        assertThat(o.get("type2")).containsKeys("adapt.picturePeriod", "adapt.lambda", "evalPeriod");
        assertThat(o.get("da")).containsKeys("adapt.lambda", "evalPeriod").doesNotContainKey("adapt.picturePeriod");
        assertThat(o.get("bn")).containsKey("evalPeriod").doesNotContainKeys("adapt.picturePeriod", "adapt.lambda");
        assertThat(o.get("so")).containsKeys("adapt.picturePeriod", "evalPeriod");
        assertThat(o.get("da-own")).containsEntry("adapt.preset", "cpu-type3");
    }
}
