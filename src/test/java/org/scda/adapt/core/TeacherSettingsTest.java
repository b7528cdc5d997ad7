package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.scda.adapt.AdaptationMethods;
import org.scda.util.ScdaException;

/**
 * The mean teacher's settings: the keep rate scaled to the schedule (0.9996 at the paper's
 * length), one-line errors naming each bad value, defaults kept for keys a file leaves out, and
 * the section read by mean-teacher only.
 */
class TeacherSettingsTest {

    @Test
    void theKeepRateKeepsItsHorizonAFixedFractionOfTheSchedule() {
        assertThat(TeacherSettings.keepRateFor(70_000)).isCloseTo(0.9996, within(1e-12));
        assertThat(TeacherSettings.keepRateFor(3000)).isCloseTo(1 - 0.0004 * 70_000 / 3000, within(1e-12));
        double horizon3000 = 1 / (1 - TeacherSettings.keepRateFor(3000));
        double horizon6000 = 1 / (1 - TeacherSettings.keepRateFor(6000));
        assertThat(horizon6000).isCloseTo(2 * horizon3000, within(1e-6));
        assertThat(TeacherSettings.keepRateFor(10)).as("short runs copy the student").isZero();
        assertThat(TeacherSettings.DEFAULTS.keepRate(3000)).isEqualTo(TeacherSettings.keepRateFor(3000));
        assertThat(new TeacherSettings(0.5, 0.8, 1, "none").keepRate(3000)).isEqualTo(0.5);
    }

    @Test
    void badValuesAreOneLineErrorsNamingTheSetting() {
        assertThatThrownBy(() -> new TeacherSettings(1.0, 0.8, 1, "none")).hasMessage(
                "adapt.teacher.keepRate must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new TeacherSettings(null, 1.0, 1, "none")).hasMessageContaining("adapt.teacher.threshold");
        assertThatThrownBy(() -> new TeacherSettings(null, 0.0, 1, "none")).hasMessageContaining("adapt.teacher.threshold");
        assertThatThrownBy(() -> new TeacherSettings(null, 0.8, -1, "none")).hasMessageContaining(
                "adapt.teacher.unsupervisedWeight");
        assertThatThrownBy(() -> AdaptConfig.parseYaml("adapt: {method: mean-teacher, teacher: {threshold: 2}}"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("adapt.teacher.threshold must be in (0, 1)");
    }

    @Test
    void aFileNamesOnlyWhatDiffersAndTheRestKeepsItsDefaults() {
        AdaptConfig c = AdaptConfig.parseYaml("adapt: {method: mean-teacher, teacher: {threshold: 0.7}}");
        assertThat(c.adapt().teacher()).isEqualTo(new TeacherSettings(null, 0.7, 1.0, "none"));
        assertThat(AdaptConfig.parseYaml(c.toYaml()).adapt()).isEqualTo(c.adapt());
        assertThat(AdaptConfig.parseYaml("adapt: {method: scda}").adapt().teacher()).isEqualTo(TeacherSettings.DEFAULTS);
    }

    @Test
    void onlyTheMeanTeacherReadsItsSettingsAndItReadsNoAlignmentSetting() {
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {method: scda, teacher: {threshold: 0.7}}")))
                .hasMessageContaining("adapt.teacher is not read by the method scda");
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {method: mean-teacher, lambda: 1.0}")))
                .hasMessageContaining("adapt.lambda is read by mean-teacher only with an alignment"
                        + " (adapt.teacher.align: image | scda), not with align: none");
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {method: mean-teacher, teacher: {align: image}, preset: cpu-type3}")))
                .hasMessageContaining("adapt.preset is read by mean-teacher only with the alignment"
                        + " (adapt.teacher.align: scda), not with align: image");
        assertThat(AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {method: mean-teacher, teacher: {align: image}, lambda: 0.2}")).adapt().lambda())
                .isEqualTo(0.2);
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {method: mean-teacher, targetBatchStatistics: false}")))
                .hasMessageContaining("adapt.targetBatchStatistics is not read by the method mean-teacher");
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {method: mean-teacher, teacher: {align: pixel}}")))
                .hasMessageContaining("adapt.teacher.align must be one of none, image, scda, got 'pixel'");
        AdaptConfig both = AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {method: mean-teacher, teacher: {align: scda}, lambda: 1.0, preset: cpu-type3}"));
        assertThat(both.adapt().treeFor(AdaptationMethods.named("mean-teacher")).has("preset")).isTrue();
        assertThat(AdaptConfig.defaults().adapt().withMethod("mean-teacher")
                .treeFor(AdaptationMethods.named("mean-teacher")).has("preset"))
                .as("a teacher alone does not report the alignment's settings").isFalse();
        assertThatThrownBy(() -> AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {method: mean-teacher, warmupFraction: 1.0}")))
                .hasMessageContaining("adapt.warmupFraction must be < 1 for mean-teacher");
        assertThat(AdaptationMethods.resolve(AdaptConfig.parseYaml(
                "adapt: {method: mean-teacher, teacher: {keepRate: 0.99}, adabnImages: 100}")).adapt().teacher()
                .keepRate()).isEqualTo(0.99);
    }
}
