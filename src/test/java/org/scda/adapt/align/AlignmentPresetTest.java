package org.scda.adapt.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scda.adapt.mining.RegionPlacer;
import org.scda.util.ScdaException;

class AlignmentPresetTest {

    @Test
    void paperPresetsAreTable1() {
        assertThat(AlignmentPreset.TYPE1).isEqualTo(new AlignmentPreset("type1", 2, 256, 512));
        assertThat(AlignmentPreset.TYPE2).isEqualTo(new AlignmentPreset("type2", 4, 128, 256));
        assertThat(AlignmentPreset.TYPE3).isEqualTo(new AlignmentPreset("type3", 8, 64, 128));
    }

    @Test
    void cpuPresetsScaleSizeAndMByAQuarter() {
        assertThat(AlignmentPreset.CPU_TYPE1).isEqualTo(new AlignmentPreset("cpu-type1", 2, 64, 128));
        assertThat(AlignmentPreset.CPU_TYPE2).isEqualTo(new AlignmentPreset("cpu-type2", 4, 32, 64));
        assertThat(AlignmentPreset.CPU_TYPE3).isEqualTo(new AlignmentPreset("cpu-type3", 8, 16, 32));
        for (AlignmentPreset p : new AlignmentPreset[] {AlignmentPreset.CPU_TYPE1, AlignmentPreset.CPU_TYPE2,
            AlignmentPreset.CPU_TYPE3}) {
            RegionPlacer.checkFits(p.regionSize(), 256, 128);
        }
        // the paper's Type1 does not fit a 128-pixel image, nor (as on KITTI) a 375-pixel one
        assertThatThrownBy(() -> RegionPlacer.checkFits(AlignmentPreset.TYPE1.regionSize(), 256, 128))
                .isInstanceOf(ScdaException.class);
        assertThatThrownBy(() -> RegionPlacer.checkFits(AlignmentPreset.TYPE1.regionSize(), 1242, 375))
                .isInstanceOf(ScdaException.class);
    }

    @Test
    void lookupByName() {
        assertThat(AlignmentPreset.named("CPU-Type2")).isSameAs(AlignmentPreset.CPU_TYPE2);
        assertThatThrownBy(() -> AlignmentPreset.named("type4")).isInstanceOf(ScdaException.class)
                .hasMessageContaining("cpu-type3");
        assertThat(AlignmentPreset.TYPE2.miningConfig(9).seed()).isEqualTo(9);
    }

    @Test
    void ablationsRejectContradictions() {
        assertThat(Ablations.NONE.withoutEstimator(true).withoutEstimator()).isTrue();
        assertThatThrownBy(() -> Ablations.NONE.withoutGenerators(true).withoutDiscriminators(true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ablations.NONE.global(true).fixedLocation(true))
                .isInstanceOf(IllegalArgumentException.class);
        AlignmentConfig c = AlignmentConfig.of(AlignmentPreset.CPU_TYPE2);
        assertThat(c.lambda()).isEqualTo(0.1f);
        assertThat(c.optimizers()).isEqualTo(OptimizerSettings.PAPER);
        assertThat(c.generatorResidualBlocks()).isEqualTo(3);
        assertThat(c.withGeneratorResidualBlocks(0).withLambda(0.5f).generatorResidualBlocks()).isZero();
        assertThatThrownBy(() -> c.withGeneratorResidualBlocks(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.withLambda(Float.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.newMiner(1)).isInstanceOf(org.scda.adapt.mining.RegionMiner.class);
        assertThat(c.withAblations(Ablations.NONE.fixedLocation(true)).newMiner(1))
                .isInstanceOf(org.scda.adapt.mining.FixedGridMiner.class);
    }
}
