package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShiftMappingTest {
    private static final int W = 256;
    private static final int H = 128;

    @Test
    void strengthZeroIsTheSourceStyle() {
        for (Scenario sc : Scenario.values()) {
            for (int[] size : new int[][] {{W, H}, {96, 64}, {640, 320}}) {
                DomainStyle source = sc.source(size[0], size[1]);
                DomainStyle zero = ShiftMapping.target(sc, size[0], size[1], 0);
                assertThat(zero.camera()).as(sc.id()).isEqualTo(source.camera());
                assertThat(zero.look()).as(sc.id()).isEqualTo(source.look());
                assertThat(zero.sensor()).as(sc.id()).isEqualTo(source.sensor());
                assertThat(zero.fog()).as(sc.id()).isEqualTo(source.fog());
            }
        }
    }

    @Test
    void strengthOneIsTodaysTargetBitForBit() {
        for (Scenario sc : Scenario.values()) {
            for (int[] size : new int[][] {{W, H}, {96, 64}, {640, 320}, {33, 47}}) {
                assertThat(ShiftMapping.target(sc, size[0], size[1], 1)).as(sc.id())
                        .isEqualTo(sc.target(size[0], size[1]));
            }
        }
    }

    @Test
    void everyParameterMovesMonotonicallyFromSourceToTarget() {
        for (Scenario sc : Scenario.values()) {
            Map<String, Double> at0 = ShiftMapping.parameters(sc, W, H, 0);
            Map<String, Double> at1 = ShiftMapping.parameters(sc, W, H, 1);
            assertThat(at0).isNotEmpty();
            for (String name : at0.keySet()) {
                double direction = Math.signum(at1.get(name) - at0.get(name));
                assertThat(direction).as(sc.id() + " " + name + " shifts").isNotZero();
                double previous = at0.get(name);
                for (int i = 1; i <= 20; i++) {
                    double v = ShiftMapping.parameters(sc, W, H, i / 20.0).get(name);
                    assertThat((v - previous) * direction).as(sc.id() + " " + name + " at " + i / 20.0).isPositive();
                    assertThat(v).isBetween(Math.min(at0.get(name), at1.get(name)), Math.max(at0.get(name), at1.get(name)));
                    previous = v;
                }
                for (int i = 21; i <= ShiftMapping.maxStrength(sc) * 20; i++) {
                    double v = ShiftMapping.parameters(sc, W, H, i / 20.0).get(name);
                    assertThat((v - previous) * direction).as(sc.id() + " " + name + " beyond 1 at " + i / 20.0)
                            .isGreaterThanOrEqualTo(0);
                    previous = v;
                }
            }
        }
    }

    @Test
    void eachScenarioShiftsTheDocumentedParameters() {
        assertThat(ShiftMapping.parameters(Scenario.FOGGY, W, H, 1)).containsOnlyKeys("fog_beta", "fog_beta_jitter");
        assertThat(ShiftMapping.parameters(Scenario.SIM2REAL, W, H, 1).keySet()).containsExactly("palette", "texture",
                "lighting", "white_r", "white_b", "gamma", "vignetting", "blur_sigma", "noise_sigma");
        assertThat(ShiftMapping.parameters(Scenario.CAMERA, W, H, 1).keySet()).containsExactly("width", "height",
                "fov_degrees", "horizon_fraction", "camera_height_m", "white_r", "white_b", "gamma", "vignetting",
                "blur_sigma", "noise_sigma");
    }

    @Test
    void valuesOfTheJavadocTables() {
        assertThat(ShiftMapping.parameters(Scenario.FOGGY, W, H, 0.3)).containsEntry("fog_beta", 0.03)
                .containsEntry("fog_beta_jitter", 0.075);
        assertThat(ShiftMapping.parameters(Scenario.FOGGY, W, H, 4)).containsEntry("fog_beta", 0.4)
                .containsEntry("fog_beta_jitter", 0.25);
        assertThat(ShiftMapping.parameters(Scenario.SIM2REAL, W, H, 0.5)).containsEntry("palette", 0.5)
                .containsEntry("blur_sigma", 0.4).containsEntry("noise_sigma", 3.0).containsEntry("white_b", 0.975);
        assertThat(ShiftMapping.parameters(Scenario.SIM2REAL, W, H, 3)).containsEntry("palette", 1.0)
                .containsEntry("texture", 2.0).containsEntry("lighting", 2.0).containsEntry("white_r", 1.06)
                .containsEntry("white_b", 0.85).containsEntry("gamma", 1.3).containsEntry("vignetting", 0.45)
                .containsEntry("blur_sigma", 2.4).containsEntry("noise_sigma", 18.0);
        Map<String, Double> half = ShiftMapping.parameters(Scenario.CAMERA, W, H, 0.5);
        assertThat(half).containsEntry("width", 240.0).containsEntry("height", 144.0).containsEntry("fov_degrees", 77.5)
                .containsEntry("horizon_fraction", 0.4).containsEntry("camera_height_m", 1.475)
                .containsEntry("white_r", 1.06).containsEntry("white_b", 0.91).containsEntry("gamma", 0.9)
                .containsEntry("vignetting", 0.225).containsEntry("blur_sigma", 0.5).containsEntry("noise_sigma", 2.25);
        assertThat(ShiftMapping.parameters(Scenario.CAMERA, W, H, 2)).containsEntry("fov_degrees", 40.0)
                .containsEntry("camera_height_m", 0.95).containsEntry("white_r", 1.24).containsEntry("white_b", 0.64)
                .containsEntry("gamma", 0.6).containsEntry("vignetting", 0.8).containsEntry("blur_sigma", 0.8)
                .containsEntry("noise_sigma", 4.5);
        Map<String, Double> three = ShiftMapping.parameters(Scenario.CAMERA, W, H, 3);
        assertThat(three).containsEntry("width", 224.0).containsEntry("height", 160.0).containsEntry("fov_degrees", 30.0)
                .containsEntry("horizon_fraction", 0.38).containsEntry("camera_height_m", 0.8)
                .containsEntry("white_r", 1.36).containsEntry("white_b", 0.5).containsEntry("gamma", 0.5)
                .containsEntry("blur_sigma", 1.0).containsEntry("noise_sigma", 6.0);
    }

    @Test
    void theTargetCarriesTheResolvedParameters() {
        DomainStyle fog = ShiftMapping.target(Scenario.FOGGY, W, H, 2.5);
        assertThat(fog.fog().beta()).isEqualTo(0.25);
        assertThat(fog.fog().betaJitter()).isEqualTo(0.25);
        DomainStyle sim = ShiftMapping.target(Scenario.SIM2REAL, W, H, 0.25);
        assertThat(sim.look()).isEqualTo(new DomainStyle.Look(0.25, 0.25, 0.25));
        assertThat(sim.sensor().noiseSigma()).isEqualTo(1.5);
        DomainStyle cam = ShiftMapping.target(Scenario.CAMERA, W, H, 0.5);
        assertThat(List.of(cam.camera().width(), cam.camera().height())).containsExactly(240, 144);
        assertThat(cam.camera().horizontalFovDegrees()).isEqualTo(77.5);
    }

    @Test
    void strengthsOutsideTheRangeAreRefusedNamingTheSubject() {
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY, -0.0 - 1e-9}) {
            assertThatThrownBy(() -> ShiftMapping.target(Scenario.FOGGY, W, H, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strength must be a number >= 0");
        }
        assertThatThrownBy(() -> ShiftMapping.check(Scenario.CAMERA, 3.5, "--strength"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--strength must be at most 3 for the 'camera' scenario (beyond it there is nothing left to shift), got 3.5");
        ShiftMapping.check(Scenario.FOGGY, 4, "--strength");
        assertThatThrownBy(() -> ShiftMapping.check(Scenario.FOGGY, 4.01, "--strength")).hasMessageContaining("'foggy'");
    }
}
