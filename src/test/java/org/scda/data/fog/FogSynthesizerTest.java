package org.scda.data.fog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.util.ScdaException;

class FogSynthesizerTest {
    @TempDir
    Path tmp;

    @Test
    void namesFollowFoggyCityscapes() {
        assertThat(FogSynthesizer.foggyName("aachen_000000_000019_leftImg8bit.png", 0.02))
                .isEqualTo("aachen_000000_000019_leftImg8bit_foggy_beta_0.02.png");
        assertThat(FogSynthesizer.foggyName("photo.jpg", 0.005)).isEqualTo("photo_foggy_beta_0.005.png");
        assertThat(FogSynthesizer.formatBeta(0.01)).isEqualTo("0.01");
        assertThat(FogSynthesizer.formatBeta(1)).isEqualTo("1.0");
        assertThat(FogSynthesizer.cityscapesBase("aachen_000000_000019_leftImg8bit.png")).isEqualTo("aachen_000000_000019");
    }

    @Test
    void fogsAFolderWithDisparityWhereAvailable() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("leftImg8bit/val/aachen"));
        Path disp = Files.createDirectories(tmp.resolve("disparity/val/aachen"));
        Path cams = Files.createDirectories(tmp.resolve("camera/val/aachen"));
        BufferedImage clear = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                clear.setRGB(x, y, Koschmieder.rgb(20, 40, 60));
            }
        }
        ImageIO.write(clear, "png", images.resolve("aachen_000000_000019_leftImg8bit.png").toFile());
        ImageIO.write(clear, "png", images.resolve("other.png").toFile());
        BufferedImage d = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                d.getRaster().setSample(x, y, 0, 1 + 256 * 10); // 0.2 * 2000 / 10 = 40 m
            }
        }
        ImageIO.write(d, "png", disp.resolve("aachen_000000_000019_disparity.png").toFile());
        Files.writeString(cams.resolve("aachen_000000_000019_camera.json"),
                "{\"extrinsic\": {\"baseline\": 0.2}, \"intrinsic\": {\"fx\": 2000.0}}");

        Path out = tmp.resolve("out");
        FogSynthesizer.Result r = FogSynthesizer.fogFolder(tmp.resolve("leftImg8bit"), out,
                FogSynthesizer.Options.defaults(0.02).withDisparity(tmp.resolve("disparity"), tmp.resolve("camera")), false);
        assertThat(r.written()).isEqualTo(2);
        assertThat(r.fromDisparity()).isEqualTo(1);
        Path foggy = out.resolve("val/aachen/aachen_000000_000019_leftImg8bit_foggy_beta_0.02.png");
        assertThat(foggy).exists();
        assertThat(out.resolve("val/aachen/other_foggy_beta_0.02.png")).exists();
        int expected = Koschmieder.fogPixel(Koschmieder.rgb(20, 40, 60), Math.exp(-0.02 * 40), Koschmieder.DEFAULT_AIRLIGHT);
        assertThat(ImageIO.read(foggy.toFile()).getRGB(1, 1) & 0xffffff).isEqualTo(expected);
    }

    @Test
    void missingFolderIsAUserError() {
        assertThatThrownBy(() -> FogSynthesizer.fogFolder(tmp.resolve("nope"), tmp.resolve("out"),
                FogSynthesizer.Options.defaults(0.02), false)).isInstanceOf(ScdaException.class).hasMessageContaining("nope");
    }
}
