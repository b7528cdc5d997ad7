package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.align.AlignmentConfig;
import org.scda.adapt.align.AlignmentPreset;
import org.scda.adapt.align.ScdaMethod;
import org.scda.adapt.dafaster.DaFasterMethod;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.util.ScdaException;

/** The adaptation configs shipped in {@code configs/} load and say what their names say. */
class AdaptConfigTest {
    private static final Path CONFIGS = Path.of("configs");

    private static AdaptConfig load(String name) {
        return AdaptConfig.load(CONFIGS.resolve(name));
    }

    @Test
    void everyShippedConfigLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(CONFIGS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        for (Path f : files) {
            AdaptConfig c = AdaptConfig.load(f);
            assertThat(ScdaMethod.alignment(c.adapt())).as(f.toString()).isNotNull();
        }
    }

    @Test
    void aKeyGivenTwiceInTheAdaptSectionIsAnErrorNamingFileAndKey(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("twice.yaml"), "adapt:\n  lambda: 0.1\n  preset: cpu-type1\n  lambda: 1.0\n");
        assertThatThrownBy(() -> AdaptConfig.load(file))
                .isInstanceOf(ScdaException.class)
                .hasMessageStartingWith(file + ":4: duplicate key 'adapt.lambda'");
    }

    @Test
    void ownSourceDataDropsTheBuiltInTargetValAndNeedsItsOwnTarget() {
        AdaptConfig mine = AdaptConfig.defaults().withOverrides(Map.of("data.source", "coco:mine.json",
                "data.sourceVal", "coco:mine_val.json"));
        assertThatThrownBy(() -> mine.forSource(true, false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give --target");
        AdaptConfig withTarget = mine.withOverrides(Map.of("adapt.target", "images:/data/fog"));
        AdaptConfig resolved = withTarget.forSource(true, false, true);
        assertThat(resolved.train().data().targetVal()).isEmpty();
        assertThat(resolved.adapt().target()).isEqualTo("images:/data/fog");
        assertThat(AdaptConfig.defaults().forSource(false, false, false)).isEqualTo(AdaptConfig.defaults());
    }

    @Test
    void maskConfigsAreTheirBoxOnlyCounterpartsWithTheMaskBranch() {
        AdaptConfig type2 = load("cpu-type2.yaml");
        AdaptConfig type2Mask = load("type2-mask.yaml");
        assertThat(type2.train().model().mask()).isFalse();
        assertThat(type2Mask.train().model().mask()).isTrue();
        assertThat(type2Mask.adapt()).isEqualTo(type2.adapt());
        assertThat(Configs.withOverrides(type2Mask.train(), java.util.Map.of("model.mask", false)))
                .isEqualTo(type2.train());
        TrainConfig mask = Configs.load(CONFIGS.resolve("mask.yaml"));
        assertThat(mask.model().mask()).isTrue();
        assertThat(Configs.withOverrides(mask, java.util.Map.of("model.mask", false))).isEqualTo(TrainConfig.defaults());
    }

    @Test
    void paperPresetsAreTableOneAtPaperSizeWithVgg16() {
        int[][] expected = {{2, 256, 512}, {4, 128, 256}, {8, 64, 128}};
        for (int t = 1; t <= 3; t++) {
            AdaptConfig c = load("type" + t + ".yaml");
            AlignmentPreset p = ScdaMethod.preset(c.adapt());
            assertThat(new int[] {p.k(), p.m(), p.regionSize()}).containsExactly(expected[t - 1]);
            assertThat(c.train().model().backbone()).isEqualTo("vgg16");
            assertThat(c.train().model().input().shortSide()).isEqualTo(512);
            assertThat(c.train().model().roi().headDim()).isEqualTo(4096);
            assertThat(c.adapt().targetProposals()).isEqualTo(512);
            assertThat(ScdaMethod.alignment(c.adapt()).lambda()).isEqualTo(0.1f);
        }
    }

    @Test
    void paperPresetsUseThePaperDetectorOfScdaTrain() throws IOException {
        TrainConfig paper;
        try (var in = AdaptConfigTest.class.getResourceAsStream("/configs/vgg16-paper.yaml")) {
            paper = Configs.parseYaml(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        for (int t = 1; t <= 3; t++) {
            AdaptConfig c = load("type" + t + ".yaml");
            assertThat(c.train().model()).isEqualTo(paper.model());
            assertThat(c.train().solver()).isEqualTo(paper.solver());
        }
    }

    @Test
    void cpuPresetsAreScaledAndKeepTheDetectorDefaults() {
        for (int t = 1; t <= 3; t++) {
            AdaptConfig c = load("cpu-type" + t + ".yaml");
            assertThat(ScdaMethod.preset(c.adapt())).isEqualTo(AlignmentPreset.named("cpu-type" + t));
            assertThat(c.train()).isEqualTo(TrainConfig.defaults());
        }
        assertThat(load("cpu-type2.yaml").adapt()).isEqualTo(AdaptSettings.defaults());
    }

    @Test
    void eachAblationFileSetsExactlyItsSwitch() {
        Map<String, AblationSettings> expected = Map.of(
                "no-generators", new AblationSettings(true, false, false, false, false, false),
                "no-discriminators", new AblationSettings(false, true, false, false, false, false),
                "no-estimator", new AblationSettings(false, false, true, false, false, false),
                "global", new AblationSettings(false, false, false, true, false, false),
                "fixed-location", new AblationSettings(false, false, false, false, true, false),
                "detached", new AblationSettings(false, false, false, false, false, true));
        expected.forEach((name, switches) -> {
            AdaptConfig c = load("ablation-" + name + ".yaml");
            assertThat(c.adapt().ablations()).as(name).isEqualTo(switches);
            assertThat(c.adapt().preset()).isEqualTo("cpu-type2");
        });
    }

    @Test
    void daFasterBaselineSharesTheCpuDefaultsButTheMethod() {
        AdaptConfig da = load("da-faster.yaml");
        AdaptConfig type2 = load("cpu-type2.yaml");
        assertThat(da.adapt().method()).isEqualTo(DaFasterMethod.NAME);
        assertThat(type2.adapt().method()).as("none named: the table's default").isNull();
        assertThat(AdaptationMethods.resolve(type2).adapt().method()).isEqualTo(ScdaMethod.NAME);
        assertThat(da.train()).isEqualTo(type2.train());
        assertThat(da.withOverrides(Map.of("adapt.method", ScdaMethod.NAME)).adapt())
                .isEqualTo(AdaptationMethods.resolve(type2).adapt());
    }

    @Test
    void mapsToTheAlignmentConfig() {
        AdaptConfig c = AdaptConfig.parseYaml("""
                adapt:
                  preset: cpu-type3
                  m: 10
                  lambda: 0.25
                  generatorLr: 0.002
                  ablations: {withoutEstimator: true}
                """);
        AlignmentConfig a = ScdaMethod.alignment(c.adapt());
        assertThat(a.preset().k()).isEqualTo(8);
        assertThat(a.preset().m()).isEqualTo(10);
        assertThat(a.preset().regionSize()).isEqualTo(32);
        assertThat(a.lambda()).isEqualTo(0.25f);
        assertThat(a.optimizers().generatorLr()).isEqualTo(0.002f);
        assertThat(a.ablations().withoutEstimator()).isTrue();
        assertThat(a.ablations().withoutGenerators()).isFalse();
    }

    @Test
    void roundTripsThroughYaml() {
        AdaptConfig c = load("ablation-global.yaml").withOverrides(Map.of("solver.iterations", 77, "adapt.lambda", 0.5));
        assertThat(c.train().solver().iterations()).isEqualTo(77);
        assertThat(c.adapt().lambda()).isEqualTo(0.5);
        assertThat(AdaptConfig.parseYaml(c.toYaml())).isEqualTo(c);
    }

    @Test
    void theGradientDiagnosticIsOffAndUnwrittenByDefaultAndSetByFileOrOverride() {
        AdaptConfig d = AdaptConfig.defaults();
        assertThat(d.adapt().diagnoseGradientsEvery()).isZero();
        // off: left out of written configs, so that runs' config.yaml (compared on resume) are as before
        assertThat(d.toYaml()).doesNotContain("diagnoseGradientsEvery");
        AdaptConfig on = AdaptConfig.parseYaml("adapt: {diagnoseGradientsEvery: 20}");
        assertThat(on.adapt().diagnoseGradientsEvery()).isEqualTo(20);
        assertThat(on.toYaml()).contains("diagnoseGradientsEvery: 20");
        assertThat(AdaptConfig.parseYaml(on.toYaml())).isEqualTo(on);
        assertThat(d.withOverrides(Map.of("adapt.diagnoseGradientsEvery", 5)).adapt().diagnoseGradientsEvery())
                .isEqualTo(5);
        assertThatThrownBy(() -> AdaptConfig.parseYaml("adapt: {diagnoseGradientsEvery: -1}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("diagnoseGradientsEvery");
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsNamingTheSection() {
        assertThatThrownBy(() -> AdaptConfig.parseYaml("adapt: {regionSise: 3}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("adapt").hasMessageContaining("regionSise");
        assertThatThrownBy(() -> AdaptConfig.parseYaml("solverr: {iterations: 3}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("solverr");
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml("adapt: {preset: type9}")))
                .isInstanceOf(ScdaException.class).hasMessageContaining("adapt.preset").hasMessageContaining("type9");
        assertThatThrownBy(() -> AdaptConfig.parseYaml("adapt: {modelSelection: target-val}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("modelSelection");
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {ablations: {withoutGenerators: true, withoutDiscriminators: true}}")))
                .isInstanceOf(ScdaException.class);
    }

    @Test
    void eachMethodRefusesTheSettingsItDoesNotReadAndChecksItsOwnBeforeAnythingRuns() {
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {method: da-faster, preset: cpu-type3, ablations: {detachRegionFeatures: true}}")))
                .isInstanceOf(ScdaException.class)
                .hasMessageContaining("adapt.ablations, adapt.preset are not read by the method da-faster");
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml("adapt: {method: da-faster, lambda: 0}")))
                .isInstanceOf(ScdaException.class).hasMessageContaining("adapt.lambda must be > 0 for da-faster");
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml("adapt: {method: adabn, lambda: 1}")))
                .isInstanceOf(ScdaException.class).hasMessageContaining("adapt.lambda is not read by the method adabn");
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml("adapt: {method: scda, adabnImages: 9}")))
                .isInstanceOf(ScdaException.class).hasMessageContaining("adapt.adabnImages is not read by the method scda");
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml("adapt: {method: magic}")))
                .isInstanceOf(ScdaException.class).hasMessageContaining("unknown adaptation method 'magic'")
                .hasMessageContaining(String.join(", ", AdaptationMethods.names()));
        // scda's lambda 0 is the paper's control (the modules train, the detector ignores them)
        assertThat(AdaptationMethods.resolve(AdaptConfig.parseYaml("adapt: {lambda: 0}")).adapt().method())
                .isEqualTo(ScdaMethod.NAME);
        assertThat(AdaptationMethods.resolve(AdaptConfig.parseYaml("adapt: {method: adabn, adabnImages: 9}"))
                .adapt().adabnImageCount()).isEqualTo(9);
    }
}
