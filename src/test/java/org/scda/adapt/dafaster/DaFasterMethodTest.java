package org.scda.adapt.dafaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.adapt.align.AdaptationStepTest;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.AdaptationContext;
import org.scda.adapt.core.AdaptationPlan;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.model.FasterRcnn;
import org.scda.testing.EngineTestBase;

/** DA Faster's plan takes its lambda from the settings and its dropout seed from the run; lambda 0 is refused. */
@Tag("engine")
class DaFasterMethodTest extends EngineTestBase {

    private AdaptationPlan plan(long seed, double lambda) {
        TrainConfig train = Configs.withOverrides(AdaptationStepTest.tinyDetector(), Map.of("seed", seed));
        Engine.getInstance().setRandomSeed(1);
        FasterRcnn model = FasterRcnn.create(train.model(), 2);
        model.initialize(manager, 128, 256);
        AdaptSettings settings = AdaptSettings.defaults().withMethod(DaFasterMethod.NAME);
        settings = new org.scda.adapt.core.AdaptConfig(train, settings)
                .withOverrides(Map.of("adapt.lambda", lambda)).adapt();
        return new DaFasterMethod().plan(new AdaptationContext(train, settings, model, manager, null, null, null, null,
                null, 3, null, System.err, null, null));
    }

    @Test
    void theHeadsTakeLambdaFromTheSettingsAndTheDropoutSeedFromTheRun() throws Exception {
        AdaptationPlan a = plan(7, 0.25);
        AdaptationPlan b = plan(8, 0.25);
        try {
            DaFasterHeads heads = ((DaFasterStep) a.step()).heads();
            assertThat(heads.config().seed()).isEqualTo(7);
            assertThat(heads.config().lambda()).isEqualTo(0.25f);
            assertThat(((DaFasterStep) b.step()).heads().config().seed()).isEqualTo(8);
            assertThat(a.modules()).isSameAs(a.step());
            assertThat(a.summaryFields()).doesNotContainKey("preset");
        } finally {
            a.resources().close();
            b.resources().close();
        }
    }

    @Test
    void lambdaZeroIsRefusedNamingTheSetting() {
        AdaptSettings zero = new org.scda.adapt.core.AdaptConfig(TrainConfig.defaults(),
                AdaptSettings.defaults().withMethod(DaFasterMethod.NAME)).withOverrides(Map.of("adapt.lambda", 0)).adapt();
        assertThatThrownBy(() -> new DaFasterMethod().validate(zero))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adapt.lambda must be > 0");
    }
}
