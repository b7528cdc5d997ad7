package org.scda.adapt.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSettings;
import org.scda.util.ScdaException;

/**
 * The settings of issue 14's readings of the paper (pairing, discriminatorOptimizer,
 * weightingTarget, generatorReconstruction, discriminatorLayers, sourceRois, warmup): the paper's
 * text by default, every value reaches the alignment, and a value that is not one, or that the
 * ablations leave nothing to act on, is a one-line error naming the setting before anything runs.
 */
class AlignmentReadingsSettingsTest {

    private static AdaptSettings resolved(String yaml) {
        return AdaptationMethods.resolve(AdaptConfig.parseYaml(yaml)).adapt();
    }

    private static void refused(String yaml, String... fragments) {
        assertThatThrownBy(() -> resolved(yaml)).isInstanceOf(ScdaException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(fragments));
    }

    @Test
    void theDefaultsAreThePapersTextAsFirstImplemented() {
        AdaptSettings d = resolved("adapt: {}");
        AlignmentConfig a = ScdaMethod.alignment(d);
        assertThat(a.pairing()).isEqualTo(Pairing.PAPER_TEXT);
        assertThat(a.weightingTarget()).isEqualTo(WeightingTarget.WHOLE);
        assertThat(a.optimizers().discriminatorOptimizer()).isEqualTo(DiscriminatorOptimizer.SGD);
        assertThat(a.generatorReconstruction()).isZero();
        assertThat(a.discriminatorLayers()).isZero();
        assertThat(a.discriminatorLayersFor(64)).isEqualTo(PatchDiscriminator.defaultLayers(64)).isEqualTo(1);
        assertThat(a.softEstimatorLabels()).isFalse();
        assertThat(ScdaMethod.warmup(d)).isEqualTo(AlignmentWarmup.SOURCE_ONLY);
        assertThat(d.sourceRois()).isZero();
        assertThat(a.withGeneratorResidualBlocks(3)).isEqualTo(AlignmentConfig.of(AlignmentPreset.CPU_TYPE2)
                .withOptimizers(OptimizerSettings.PAPER));
    }

    @Test
    void everyValueReachesTheAlignment() {
        AdaptSettings s = resolved("""
                adapt:
                  pairing: shared
                  discriminatorOptimizer: adam
                  weightingTarget: fake
                  softEstimatorLabels: true
                  generatorReconstruction: 2.5
                  discriminatorLayers: 4
                  sourceRois: 256
                  warmup: ramp
                  warmupFraction: 0
                """);
        AlignmentConfig a = ScdaMethod.alignment(s);
        assertThat(a.pairing()).isEqualTo(Pairing.SHARED);
        assertThat(a.optimizers().discriminatorOptimizer()).isEqualTo(DiscriminatorOptimizer.ADAM);
        assertThat(a.weightingTarget()).isEqualTo(WeightingTarget.FAKE);
        assertThat(a.softEstimatorLabels()).isTrue();
        assertThat(a.generatorReconstruction()).isEqualTo(2.5f);
        assertThat(a.discriminatorLayersFor(64)).isEqualTo(4);
        assertThat(ScdaMethod.warmup(s)).isEqualTo(AlignmentWarmup.RAMP);
        assertThat(s.sourceRois()).isEqualTo(256);
        assertThat(resolved("adapt: {pairing: release}").pairing()).isEqualTo("release");
        assertThat(ScdaMethod.alignment(resolved("adapt: {pairing: release}")).pairing()).isEqualTo(Pairing.RELEASE);
        assertThat(AdaptConfig.parseYaml(AdaptConfig.parseYaml("adapt: {pairing: shared, warmup: ramp}").toYaml())
                .adapt().pairing()).isEqualTo("shared");
    }

    @Test
    void aValueThatIsNoneOfTheChoicesIsAnErrorNamingTheSetting() {
        refused("adapt: {pairing: paper}", "adapt.pairing must be one of paper-text, release, shared; got 'paper'");
        refused("adapt: {discriminatorOptimizer: rmsprop}", "adapt.discriminatorOptimizer must be one of sgd, adam");
        refused("adapt: {weightingTarget: real}", "adapt.weightingTarget must be one of whole, fake; got 'real'");
        refused("adapt: {warmup: linear}", "adapt.warmup must be one of source-only, ramp; got 'linear'");
        refused("adapt: {generatorReconstruction: -1}", "adapt.generatorReconstruction must be finite and >= 0");
        refused("adapt: {discriminatorLayers: -1}", "adapt.discriminatorLayers must be in [0, 12]");
        refused("adapt: {discriminatorLayers: 7}", "adapt.discriminatorLayers 7 needs regions of at least 128 pixels",
                "the preset's are 64");
        refused("adapt: {sourceRois: -5}", "adapt.sourceRois must be >= 0");
    }

    @Test
    void aChoiceLeftWithNothingToActOnIsAnError() {
        refused("adapt: {pairing: shared, ablations: {withoutGenerators: true}}",
                "adapt.pairing shared needs patch generators and discriminators", "the generators");
        refused("adapt: {pairing: release, ablations: {withoutDiscriminators: true}}", "adapt.pairing release",
                "the discriminators");
        refused("adapt: {discriminatorLayers: 3, ablations: {withoutGenerators: true}}", "adapt.discriminatorLayers");
        refused("adapt: {generatorReconstruction: 1, ablations: {withoutDiscriminators: true}}",
                "adapt.generatorReconstruction");
        refused("adapt: {weightingTarget: fake, ablations: {withoutDiscriminators: true}}", "adapt.weightingTarget fake");
        refused("adapt: {sourceRois: 128, ablations: {global: true}}", "adapt.sourceRois", "global");
        refused("adapt: {warmup: ramp}", "adapt.warmup: ramp", "adapt.warmupFraction: 0", "0.3");
        refused("adapt: {discriminatorOptimizer: adam, discriminatorMomentum: 0.5}", "adapt.discriminatorMomentum");
        // ablations these choices do not need still combine with them
        assertThat(ScdaMethod.alignment(resolved("adapt: {pairing: shared, ablations: {withoutEstimator: true,"
                + " detachRegionFeatures: true}}")).pairing()).isEqualTo(Pairing.SHARED);
    }

    @Test
    void theOtherMethodsDoNotReadThem() {
        for (String setting : new String[] {"pairing: shared", "discriminatorOptimizer: adam", "weightingTarget: fake",
            "generatorReconstruction: 1", "discriminatorLayers: 2", "sourceRois: 64", "warmup: ramp"}) {
            String key = setting.substring(0, setting.indexOf(':'));
            refused("adapt: {method: da-faster, " + setting + "}", "adapt." + key + " is not read by the method da-faster");
        }
    }
}
