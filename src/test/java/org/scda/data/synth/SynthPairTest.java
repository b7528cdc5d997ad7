package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scda.util.ScdaException;

class SynthPairTest {
    @Test
    void aNameWithoutStrengthIsTheDefaultPair() {
        SynthPair foggy = SynthPair.parse("foggy");
        assertThat(foggy).isEqualTo(SynthPair.of(Scenario.FOGGY));
        assertThat(foggy.strength()).isEqualTo(1.0);
        assertThat(foggy.isDefault()).isTrue();
        assertThat(foggy.id()).isEqualTo("foggy");
        assertThat(SynthPair.parse("FOGGY@1.0")).isEqualTo(foggy);
        assertThat(SynthPair.parse("foggy@1").id()).isEqualTo("foggy");
    }

    @Test
    void aStrengthAfterTheAt() {
        SynthPair p = SynthPair.parse("sim2real@0.30");
        assertThat(p.scenario()).isEqualTo(Scenario.SIM2REAL);
        assertThat(p.strength()).isEqualTo(0.3);
        assertThat(p.isDefault()).isFalse();
        assertThat(p.id()).isEqualTo("sim2real@0.3");
        assertThat(SynthPair.parse("camera@0").id()).isEqualTo("camera@0");
        assertThat(SynthPair.parse("camera@2.5").id()).isEqualTo("camera@2.5");
        assertThat(SynthPair.parse("foggy@.25").strength()).isEqualTo(0.25);
        assertThat(SynthPair.parse("foggy@25e-2").strength()).isEqualTo(0.25);
    }

    @Test
    void aPaperRegimeNameIsTheMeasuredStrengthUnderItsPlainId() {
        SynthPair paper = SynthPair.parse("foggy-paper");
        assertThat(paper).isEqualTo(SynthPair.parse("foggy@0.3"));
        assertThat(paper.id()).as("one cache folder and one name with foggy@0.3").isEqualTo("foggy@0.3");
        assertThat(SynthPair.parse(" Foggy-Paper ")).isEqualTo(paper);
        assertThat(SynthPair.parse("sim2real-paper")).isEqualTo(new SynthPair(Scenario.SIM2REAL, 0.55));
        assertThat(SynthPair.parse("sim2real-paper").id()).isEqualTo("sim2real@0.55");
        assertThat(SynthPair.parse("camera-paper")).isEqualTo(new SynthPair(Scenario.CAMERA, 2.0));
        assertThat(SynthPair.parse("camera-paper").id()).isEqualTo("camera@2");
        assertThat(SynthPair.PAPER_REGIME).as("every scenario has its paper-regime pair").containsOnlyKeys(
                Scenario.values());
        assertThatThrownBy(() -> SynthPair.parse("rainy-paper")).isInstanceOf(ScdaException.class)
                .hasMessageContaining("unknown synthetic scenario 'rainy'");
    }

    @Test
    void theShortestDecimal() {
        assertThat(SynthPair.format(1.0)).isEqualTo("1");
        assertThat(SynthPair.format(0.0)).isEqualTo("0");
        assertThat(SynthPair.format(0.3)).isEqualTo("0.3");
        assertThat(SynthPair.format(0.125)).isEqualTo("0.125");
        assertThat(SynthPair.format(2.50)).isEqualTo("2.5");
        assertThat(SynthPair.format(0.03)).isEqualTo("0.03");
    }

    @Test
    void badStrengthsAreOneLineErrorsNamingTheSubject() {
        for (String bad : new String[] {"abc", "-0.3", "NaN", "Infinity", "", " ", "0.3f", "1d", "0x1p-2", "+1", "1e999"}) {
            assertThatThrownBy(() -> SynthPair.parseStrength(bad, Scenario.FOGGY, "--strength")).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--strength must be a number >= 0")
                    .hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> SynthPair.parseStrength("5", Scenario.SIM2REAL, "--strength"))
                .hasMessageStartingWith("--strength must be at most 3 for the 'sim2real' scenario");
        assertThatThrownBy(() -> SynthPair.parse("foggy@abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strength after @").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> SynthPair.parse("foggy@")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SynthPair.parse("rainy@0.3")).isInstanceOf(ScdaException.class)
                .hasMessageContaining("foggy, sim2real, camera");
        assertThatThrownBy(() -> new SynthPair(Scenario.CAMERA, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTargetSizeFollowsTheStrength() {
        assertThat(SynthPair.parse("camera@0").targetSize(256, 128)).containsExactly(256, 128);
        assertThat(SynthPair.parse("camera").targetSize(256, 128)).containsExactly(224, 160);
        assertThat(SynthPair.parse("foggy@2").targetSize(256, 128)).containsExactly(256, 128);
    }
}
