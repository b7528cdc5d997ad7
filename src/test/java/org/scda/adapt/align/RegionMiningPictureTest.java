package org.scda.adapt.align;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.mining.ImageNormalization;
import org.scda.adapt.mining.MinedRegions;
import org.scda.adapt.mining.MiningConfig;
import org.scda.adapt.mining.RegionMiner;
import org.scda.data.BoundingBox;

@Tag("engine")
class RegionMiningPictureTest {

    @BeforeAll
    static void oneThread() {
        org.scda.testing.OneEngineThread.use();
    }

    @Test
    void writesThePictureWithTheExpectedLayout(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = manager.randomUniform(-1, 1, new Shape(1, 3, 128, 256));
            float[] boxes = {20, 20, 40, 50, 30, 25, 44, 60, 190, 70, 220, 100, 200, 80, 230, 110};
            MinedRegions mined = new RegionMiner(new MiningConfig(2, 3, 32, 0, 50))
                    .mine(boxes, new float[] {0.9f, 0.8f, 0.7f, 0.6f}, manager.randomNormal(new Shape(4, 8)), image);
            NDArray reconstructed = manager.zeros(new Shape(2, 3, 32, 32));
            BufferedImage picture = RegionMiningPicture.render(image, boxes, mined, new float[] {0.93f, 0.31f},
                    reconstructed, ImageNormalization.HALF);
            Path png = dir.resolve("pictures/iter_100.png");
            RegionMiningPicture.write(picture, png);

            assertThat(Files.size(png)).isPositive();
            BufferedImage read = ImageIO.read(png.toFile());
            // scale 2 (256 -> 512); width 8 + 512 + 8; height 8 + 256 + 8 + 2 * (16 + 96) + 8
            assertThat(read.getWidth()).isEqualTo(528);
            assertThat(read.getHeight()).isEqualTo(504);

            // the first real tile's top-left pixel is the region's top-left image pixel
            BoundingBox r0 = mined.regions().get(0);
            int tileTop = 8 + 256 + 8 + 16;
            int rgb = read.getRGB(8, tileTop);
            for (int c = 0; c < 3; c++) {
                float v = image.getFloat(0, c, (long) r0.y1(), (long) r0.x1());
                int expected = ImageNormalization.HALF.toByte(c, v);
                assertThat((rgb >> (16 - 8 * c)) & 0xff).isEqualTo(expected);
            }
            // the reconstructed tiles (zeros) are mid grey
            assertThat(read.getRGB(8 + 40, tileTop + 96 + 16 + 40) & 0xffffff).isEqualTo(0x808080);
            // the region's left edge is drawn in red
            int edge = read.getRGB(8 + (int) r0.x1() * 2, 8 + (int) (r0.y1() + 8) * 2);
            assertThat((edge >> 16) & 0xff).isGreaterThan(200);
            assertThat((edge >> 8) & 0xff).isLessThan(80);

            BufferedImage realOnly = RegionMiningPicture.render(image, new float[0], mined, null, null,
                    ImageNormalization.HALF);
            assertThat(realOnly.getHeight()).isEqualTo(504 - 16 - 96);
        }
    }

    @Test
    void rendersATargetImageFromTheAlignment() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = manager.randomUniform(-2, 2, new Shape(1, 3, 128, 256));
            float[] boxes = {20, 20, 40, 50, 190, 70, 220, 100};
            org.scda.adapt.align.AlignmentPreset preset = new org.scda.adapt.align.AlignmentPreset("t", 2, 2, 32);
            MinedRegions mined = new RegionMiner(preset.miningConfig(0), ImageNormalization.IMAGENET)
                    .mine(boxes, new float[] {0.9f, 0.8f}, manager.randomNormal(new Shape(2, 64)), image);
            try (org.scda.adapt.align.RegionAlignment alignment = new org.scda.adapt.align.RegionAlignment(
                    org.scda.adapt.align.AlignmentConfig.of(preset),
                    org.scda.adapt.align.AlignmentShapes.forRegions(preset, 64), manager)) {
                BufferedImage picture = RegionMiningPicture.renderTarget(alignment, image, boxes, mined,
                        ImageNormalization.IMAGENET);
                assertThat(picture.getWidth()).isEqualTo(528);
                assertThat(picture.getHeight()).isEqualTo(504);
            }
        }
    }
}
