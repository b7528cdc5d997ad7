package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.DatasetSpec;
import org.scda.data.DetectionDataset;
import org.scda.data.Datasets;

/** The built-in benchmark reached through the dataset names of the command line. */
class SynthDatasetsTest {
    @TempDir
    Path cache;

    @AfterEach
    void restore() {
        System.clearProperty("scda.cache");
        System.clearProperty(SynthCatalog.COUNTS_PROPERTY);
    }

    @Test
    void synthSpecsLoadTheCachedSplits() {
        System.setProperty("scda.cache", cache.toString());
        System.setProperty(SynthCatalog.COUNTS_PROPERTY, "3,2");
        DetectionDataset oracle = Datasets.load("synth:sim2real/target_oracle/train");
        DetectionDataset target = Datasets.load("synth:sim2real/target/train");
        DetectionDataset cars = Datasets.load("synth:sim2real/source/val?classes=car");
        assertThat(oracle.size()).isEqualTo(3);
        assertThat(oracle.labelled()).isTrue();
        assertThat(target.labelled()).isFalse();
        assertThat(oracle.samples().get(1).image()).isEqualTo(target.samples().get(1).image()).exists();
        assertThat(cars.classNames()).containsExactly("car");
        assertThat(cars.size()).isEqualTo(2);
        assertThat(SynthCatalog.benchmarkDir(Scenario.SIM2REAL).getFileName().toString())
                .isEqualTo("sim2real-seed2019-256x128-n3-2-3-2");
    }

    @Test
    void aStrengthInTheSpecLoadsThatPair() {
        System.setProperty("scda.cache", cache.toString());
        System.setProperty(SynthCatalog.COUNTS_PROPERTY, "3,2");
        DetectionDataset val = Datasets.load("synth:camera@0.5/target/val?classes=car");
        assertThat(val.name()).isEqualTo("synth:camera@0.5/target/val?classes=car");
        assertThat(val.size()).isEqualTo(2);
        assertThat(val.labelled()).isTrue();
        assertThat(val.samples().get(0).width()).isEqualTo(240);
        assertThat(SynthCatalog.benchmarkDir(SynthPair.parse("camera@0.5")).resolve("target/val.json")).exists();
    }

    @Test
    void badStrengthsInSpecsAreOneLineErrorsNamingTheSpec() {
        for (String spec : new String[] {"synth:foggy@abc/target/val", "synth:foggy@-0.3/target/val",
            "synth:foggy@NaN/target/val", "synth:foggy@/target/val", "synth:foggy@9/target/val"}) {
            assertThatThrownBy(() -> Datasets.check(DatasetSpec.parse(spec))).as(spec)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("synth dataset '" + spec + "': the strength after @ must be")
                    .hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> Datasets.check(DatasetSpec.parse("synth:rainy@0.3/target/val")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("synth:rainy@0.3/target/val")
                .hasMessageContaining("foggy, sim2real, camera");
        Datasets.check(DatasetSpec.parse("synth:sim2real@2.5/source/train"));
    }
}
