package org.scda.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.config.TrainConfig;
import org.scda.model.FasterRcnn;

/** FLOP counts against hand arithmetic. */
class FlopCountTest {

    @Test
    void convAndLinearMultiplyAdds() {
        // 3 -> 8 channels, 3x3, on an 8x8 output: 8 * 8 cells x 8 outputs x 27 inputs
        assertThat(FlopCount.conv(3, 8, 3, 3, 8, 8)).isEqualTo(13_824L);
        assertThat(FlopCount.linear(100, 10, 4)).isEqualTo(4_000L);
    }

    @Test
    void trainingIsForwardPlusTwiceForwardLessTheImageGradient() {
        // a known small net: conv 3->8 3x3 stride 1 at 8x8, then conv 8->16 3x3 stride 2 to 4x4
        long first = FlopCount.conv(3, 8, 3, 3, 8, 8);
        long second = FlopCount.conv(8, 16, 3, 3, 4, 4);
        assertThat(second).isEqualTo(18_432L);
        FlopCount.DetectorFlops f = new FlopCount.DetectorFlops(
                List.of(new FlopCount.Layer("conv1", first), new FlopCount.Layer("conv2", second)), 1_000, 100, 8, 20);

        assertThat(f.backboneMacs()).isEqualTo(32_256L);
        assertThat(f.inferenceFlops()).isEqualTo(2.0 * (32_256 + 1_000 + 100 * 20));
        assertThat(f.trainingFlops()).isEqualTo(2.0 * (3 * (32_256 + 1_000 + 100 * 8) - 13_824));
    }

    @Tag("engine")
    @Test
    void smallDetectorAt256x128CountsEveryConvOfTheBuiltBackbone() {
        TrainConfig cfg = TrainConfig.defaults();
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn net = FasterRcnn.create(cfg.model(), 4);
            net.initialize(manager, 128, 256);

            FlopCount.DetectorFlops f = FlopCount.of(net, cfg.model());

            // widths 32 (stride 2), 64 | 128, 128 | 128, 128 on 64x128, then 32x64, then 16x32 cells
            assertThat(f.backbone()).extracting(FlopCount.Layer::macs).containsExactly(
                    3L * 32 * 9 * 8192, 32L * 64 * 9 * 8192, 64L * 128 * 9 * 2048, 128L * 128 * 9 * 2048,
                    128L * 128 * 9 * 512, 128L * 128 * 9 * 512);
            assertThat(f.backboneMacs()).isEqualTo(762_052_608L);
            // RPN: 3x3 128->128, 1x1 to 12 logits and 48 deltas, on 16x32 cells
            assertThat(f.rpnMacs()).isEqualTo(512L * (128 * 128 * 9 + 128 * 12 + 128 * 48));
            // fc6 6272->256, fc7 256->256, 5 scores, 20 deltas
            assertThat(f.headMacsPerRoi()).isEqualTo(6272L * 256 + 256 * 256 + 256 * 5 + 256 * 20);
            assertThat(f.trainRois()).isEqualTo(64);
            assertThat(f.testRois()).isEqualTo(100);
        }
    }
}
