package org.scda.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.scda.config.ModelConfig;
import org.scda.config.TrainConfig;
import org.scda.util.ScdaException;

class ArchitectureTest {
    private static final ModelConfig SMALL = TrainConfig.defaults().model();

    private static ModelConfig with(String backbone, boolean mask) {
        return new ModelConfig(backbone, SMALL.backboneWidth(), SMALL.backboneWeights(), SMALL.input(), SMALL.anchors(),
                SMALL.rpn(), SMALL.roi(), mask, SMALL.maskHeadChannels());
    }

    @Test
    void parsesAnyFasterRcnnOrOneBackbone() {
        assertThat(Architecture.parse("faster-rcnn")).isEqualTo(Architecture.ANY_FASTER_RCNN);
        assertThat(Architecture.parse(" Faster-RCNN/vgg16 ")).isEqualTo(new Architecture("vgg16"));
        assertThat(Architecture.parse("faster-rcnn/vgg16").toString()).isEqualTo("faster-rcnn/vgg16");
        for (String bad : new String[] {"mask-rcnn", "faster-rcnn/", "ssd", ""}) {
            assertThatThrownBy(() -> Architecture.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--arch must be faster-rcnn");
        }
    }

    @Test
    void aCheckpointOfAnotherBackboneOrWithMasksIsOneLineNamingIt() {
        Path ckpt = Path.of("runs/x/model_best.ckpt");
        Architecture.ANY_FASTER_RCNN.check(ckpt, with("vgg16", false));
        new Architecture(SMALL.backbone()).check(ckpt, SMALL);
        assertThatThrownBy(() -> new Architecture("vgg16").check(ckpt, SMALL)).isInstanceOf(ScdaException.class)
                .hasMessage(ckpt + " is a faster-rcnn/" + SMALL.backbone() + " checkpoint, --arch asked for faster-rcnn/vgg16");
        assertThatThrownBy(() -> Architecture.ANY_FASTER_RCNN.check(ckpt, with(SMALL.backbone(), true)))
                .isInstanceOf(ScdaException.class).hasMessageContaining("is a mask-rcnn/")
                .hasMessageContaining("use scda detect").hasMessageNotContaining("\n");
    }
}
