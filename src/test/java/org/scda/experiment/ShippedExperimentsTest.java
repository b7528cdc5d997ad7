package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scda.data.DatasetSpec;

/** The experiment files the repository ships parse, reference existing configs and cover the paper's tables. */
class ShippedExperimentsTest {

    /** Every experiment file in experiments/ (a new one is checked without being listed here). */
    static Stream<String> shippedFiles() throws java.io.IOException {
        try (Stream<Path> files = java.nio.file.Files.list(Path.of("experiments"))) {
            List<String> yaml = files.map(Path::toString).filter(p -> p.endsWith(".yaml")).sorted().toList();
            assertThat(yaml).contains("experiments/paper-tables.yaml", "experiments/long-schedule.yaml");
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedFiles")
    void parsesAndEveryConfigExists(String file) {
        ExperimentSpec e = ExperimentSpec.load(Path.of(file));
        Set<Path> configs = e.configFiles();
        // an experiment of source-only, oracle and adabn rows may name no config file at all
        assertThat(configs).allSatisfy(p -> assertThat(p).isRegularFile());
        List<RunSpec> runs = e.expand(false);
        assertThat(runs).isNotEmpty();
        for (RunSpec r : runs) {
            for (String spec : new String[] {r.scenario().source(), r.scenario().sourceVal(), r.scenario().target(),
                    r.scenario().targetVal(), r.scenario().oracle()}) {
                assertThat(DatasetSpec.parse(spec).format()).isNotBlank();
            }
        }
        assertThat(e.expand(true)).allSatisfy(r -> assertThat(r.seed()).isEqualTo(e.quickSeeds().get(0)));
    }

    /** Every run's config builds: a mistyped override key fails here, not hours into a matrix. */
    @ParameterizedTest
    @MethodSource("shippedFiles")
    void everyRunsConfigBuildsWithItsOverrides(String file) {
        ExperimentSpec e = ExperimentSpec.load(Path.of(file));
        for (boolean quick : new boolean[] {false, true}) {
            for (RunSpec r : e.expand(quick)) {
                if (org.scda.adapt.AdaptationMethods.names().contains(r.method())) {
                    // resolved as the runner resolves it: a setting the method does not read fails here
                    org.scda.adapt.core.AdaptConfig c = org.scda.adapt.AdaptationMethods.resolve(RunConfigs.adapt(r));
                    assertThat(c.train().seed()).isEqualTo(r.seed());
                    assertThat(c.adapt().method()).isEqualTo(r.method());
                } else {
                    assertThat(RunConfigs.train(r, r.scenario().source()).seed()).isEqualTo(r.seed());
                }
            }
        }
    }

    @Test
    void paperTablesCoverTablesTwoToSevenWithThreeSeeds() {
        ExperimentSpec e = ExperimentSpec.load(Path.of("experiments/paper-tables.yaml"));
        assertThat(e.seeds()).hasSize(3);
        assertThat(e.quickSeeds()).hasSize(1);
        assertThat(e.quickIterations()).isNotNull().isLessThan(1000);
        assertThat(e.tables()).extracting(TableSpec::id)
                .contains("table2", "table3", "table4", "table5", "table6", "table7", "table8", "detached");
        assertThat(e.scenarios()).containsOnlyKeys("foggy", "sim2real", "camera");
        assertThat(e.scenarios().get("camera").targetVal()).endsWith("?classes=car");
        List<RunSpec> runs = e.expand(false);
        assertThat(runs).extracting(RunSpec::method).contains("source-only", "oracle", "da-faster", "scda");
        assertThat(runs).filteredOn(r -> r.id().startsWith("foggy/")).extracting(RunSpec::variantId)
                .contains("type2-no-generators", "type2-no-discriminators", "type2-no-estimator", "global",
                        "fixed1", "fixed2", "type2-detached");
    }

    @Test
    void paperRealUsesThePapersSettings() {
        ExperimentSpec e = ExperimentSpec.load(Path.of("experiments/paper-real.yaml"));
        assertThat(e.scenarios().get("kitti2city").overrides()).containsEntry("model.input.shortSide", 375);
        assertThat(e.scenarios().get("sim10k2city").targetVal()).contains("classes=car");
        assertThat(e.scenarios().get("city2foggy").targetVal()).startsWith("foggy-cityscapes:");
        RunSpec so = e.expand(false).get(0);
        assertThat(RunConfigs.train(so, so.scenario().source()).model().backbone()).isEqualTo("vgg16");
        assertThat(RunConfigs.train(so, so.scenario().source()).model().input().shortSide()).isEqualTo(512);
        RunSpec kitti = e.expand(false).stream().filter(r -> r.id().equals("kitti2city/source-only/seed1")).findFirst().orElseThrow();
        assertThat(RunConfigs.train(kitti, kitti.scenario().source()).model().input().shortSide()).isEqualTo(375);
    }

    @Test
    void scdaRunsTakeTheScenarioTargetThePresetAndTheAblation() {
        ExperimentSpec e = ExperimentSpec.load(Path.of("experiments/paper-tables.yaml"));
        RunSpec r = e.expand(true).stream().filter(x -> x.id().equals("foggy/type2-no-estimator/seed1")).findFirst()
                .orElseThrow();
        org.scda.adapt.core.AdaptConfig c = RunConfigs.adapt(r);
        assertThat(c.adapt().target()).isEqualTo("synth:foggy/target/train");
        assertThat(c.adapt().preset()).isEqualTo("cpu-type2");
        assertThat(c.adapt().ablations().withoutEstimator()).isTrue();
        assertThat(c.adapt().ablations().withoutGenerators()).isFalse();
        assertThat(c.train().seed()).isEqualTo(1);
        assertThat(c.train().solver().iterations()).isEqualTo(e.quickIterations());
        assertThat(c.train().data().targetVal()).isEqualTo("synth:foggy/target/val");
        RunSpec cam = e.expand(false).stream().filter(x -> x.id().equals("camera/type3/seed2")).findFirst().orElseThrow();
        assertThat(RunConfigs.adapt(cam).adapt().target()).isEqualTo("synth:camera/target/train?classes=car");
    }

    @Test
    void tableEightRunsTurnTheMaskBranchOnAndKeepTheirPresets() {
        ExperimentSpec e = ExperimentSpec.load(Path.of("experiments/paper-tables.yaml"));
        TableSpec t8 = e.tables().stream().filter(t -> t.id().equals("table8")).findFirst().orElseThrow();
        assertThat(t8.variants()).containsExactly("source-only", "mask-source-only", "type1-mask", "type2-mask", "type3-mask");
        List<RunSpec> runs = e.expand(false);
        RunSpec fasterRcnn = runs.stream().filter(x -> x.id().equals("foggy/source-only/seed1")).findFirst().orElseThrow();
        assertThat(RunConfigs.train(fasterRcnn, fasterRcnn.scenario().source()).model().mask()).isFalse();
        RunSpec maskSo = runs.stream().filter(x -> x.id().equals("foggy/mask-source-only/seed1")).findFirst().orElseThrow();
        assertThat(RunConfigs.train(maskSo, maskSo.scenario().source()).model().mask()).isTrue();
        for (int k = 1; k <= 3; k++) {
            String id = "foggy/type" + k + "-mask/seed1";
            RunSpec r = runs.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            org.scda.adapt.core.AdaptConfig c = RunConfigs.adapt(r);
            assertThat(c.train().model().mask()).as(id).isTrue();
            assertThat(c.adapt().preset()).as(id).isEqualTo("cpu-type" + k);
        }
    }

    /** --quick stays a smoke run (the issue: under 30 minutes) yet has every row of Tables 2-7. */
    @Test
    void quickRunsThePaperRowsOfTablesTwoToSeven() {
        ExperimentSpec e = ExperimentSpec.load(Path.of("experiments/paper-tables.yaml"));
        List<RunSpec> quick = e.expand(true);
        assertThat(quick).hasSizeLessThanOrEqualTo(24);
        for (TableSpec t : e.tables()) {
            if (t.paper() != null && !t.id().equals("table8")) {
                for (String v : t.variants()) {
                    assertThat(quick).as(t.id() + " " + v)
                            .anySatisfy(r -> assertThat(r.id()).startsWith(t.scenario() + "/" + v + "/"));
                }
            }
        }
    }

    @Test
    void daFasterRunsUseTheDaFasterConfig() {
        ExperimentSpec e = ExperimentSpec.load(Path.of("experiments/paper-tables.yaml"));
        RunSpec r = e.expand(true).stream().filter(x -> x.id().equals("sim2real/da-faster/seed1")).findFirst()
                .orElseThrow();
        org.scda.adapt.core.AdaptConfig c = RunConfigs.adapt(r);
        assertThat(c.adapt().method()).isEqualTo("da-faster");
        assertThat(c.adapt().target()).isEqualTo("synth:sim2real/target/train");
    }

    /**
     * paper-real.yaml's dataset specs read the fixture-sized copies of their formats (paths
     * and the missing train split substituted) with the classes the paper uses.
     */
    @Test
    void paperRealSpecsReadFixtureCopiesWithThePapersClasses() {
        ExperimentSpec e = ExperimentSpec.load(Path.of("experiments/paper-real.yaml"));
        String cityscapes = org.scda.data.TestImages.fixture("cityscapes").toString();
        String kitti = org.scda.data.TestImages.fixture("kitti").toString();
        java.util.function.Function<String, org.scda.data.DetectionDataset> load = spec -> org.scda.data.Datasets.load(
                spec.replace("/data/cityscapes", cityscapes).replace("/data/kitti/training", kitti)
                        .replace("split=train", "split=val"));
        ScenarioSpec foggy = e.scenarios().get("city2foggy");
        List<String> eight = List.of("person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle");
        for (String spec : new String[] {foggy.source(), foggy.sourceVal(), foggy.target(), foggy.targetVal()}) {
            org.scda.data.DetectionDataset ds = load.apply(spec);
            assertThat(ds.classNames()).as(spec).isEqualTo(eight);
            assertThat(ds.size()).as(spec).isPositive();
        }
        ScenarioSpec k = e.scenarios().get("kitti2city");
        assertThat(load.apply(k.source()).classNames()).containsExactly("car");
        assertThat(load.apply(k.targetVal()).classNames()).containsExactly("car");
        assertThat(load.apply(e.scenarios().get("sim10k2city").targetVal()).classNames()).containsExactly("car");
    }
}
