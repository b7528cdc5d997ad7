package org.scda.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.model.Backbone;

/** The settings the torch reference must report, and how a difference is reported. */
class ReferenceSettingsTest {
    private static final Backbone SMALL = new Backbone() {
        @Override
        public Block block() {
            return null;
        }

        @Override
        public int outChannels() {
            return 128;
        }

        @Override
        public int stride() {
            return 8;
        }

        @Override
        public String name() {
            return "small";
        }
    };

    private static Map<String, Object> expectedSmall() {
        TrainConfig cfg = TrainConfig.defaults();
        return ReferenceSettings.expected(cfg.model(), cfg.solver(), SMALL, 4, 256, 128);
    }

    @Test
    void cpuDefaultExpectsTheNumbersOfItsConfig() {
        Map<String, Object> e = expectedSmall();

        assertThat(e).containsEntry("backbone_width", 32).containsEntry("stride", 8).containsEntry("out_channels", 128)
                .containsEntry("anchor_sizes", List.of(12.0, 24.0, 48.0, 96.0))
                .containsEntry("rpn_pre_nms_top_n_train", 1000).containsEntry("rpn_post_nms_top_n_test", 100)
                .containsEntry("roi_batch_size_per_image", 64).containsEntry("head_dim", 256)
                .containsEntry("num_classes", 5).containsEntry("lr", 1e-4).containsEntry("clip_gradient", 10.0);
    }

    @Test
    void sameValuesInOtherNumberTypesAgree() {
        Map<String, Object> reported = new LinkedHashMap<>(expectedSmall());
        reported.put("rpn_pre_nms_top_n_train", 1000.0);
        reported.put("anchor_sizes", List.of(12, 24, 48, 96));
        reported.put("lr", 0.01 * 0.01);
        reported.put("pid", 1234);

        assertThat(ReferenceSettings.differences(expectedSmall(), reported)).isEmpty();
    }

    @Test
    void everyDifferenceAndMissingSettingIsOneLine() {
        Map<String, Object> reported = new LinkedHashMap<>(expectedSmall());
        reported.put("roi_batch_size_per_image", 512);
        reported.put("anchor_ratios", List.of(0.5, 1.0));
        reported.remove("roi_aligned");

        assertThat(ReferenceSettings.differences(expectedSmall(), reported)).containsExactlyInAnyOrder(
                "anchor_ratios: scda [0.5, 1.0, 2.0], torch [0.5, 1.0]",
                "roi_batch_size_per_image: scda 64, torch 512",
                "roi_aligned: scda true, torch (missing)");
    }

    @Test
    void roiPoolCannotBeMatched() {
        TrainConfig cfg = Configs.withOverrides(TrainConfig.defaults(), Map.of("model.roi.pooler", "pool"));

        assertThatThrownBy(() -> ReferenceSettings.expected(cfg.model(), cfg.solver(), SMALL, 4, 256, 128))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RoIAlign");
    }
}
