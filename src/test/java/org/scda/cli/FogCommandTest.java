package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FogCommandTest {
    @TempDir
    Path tmp;

    @Test
    void fogsAFolderWithTheFlatGroundPrior() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("in"));
        BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", images.resolve("x_leftImg8bit.png").toFile());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(out, err, "fog", "--images", images.toString(), "--out", tmp.resolve("out").toString(),
                "--beta", "0.01");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("fogged 1 images", "beta 0.01");
        Path foggy = tmp.resolve("out/x_leftImg8bit_foggy_beta_0.01.png");
        assertThat(foggy).exists();
        BufferedImage f = ImageIO.read(foggy.toFile());
        // The top row is above the horizon (far: airlight); the bottom row is near ground (darker).
        assertThat(f.getRGB(0, 0) & 0xff).isGreaterThan(200);
        assertThat(f.getRGB(0, 7) & 0xff).isLessThan(f.getRGB(0, 0) & 0xff);
    }

    @Test
    void unreadableImagesAreSkippedCountedAndNamedUnlessStrict() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("in"));
        // a truncated download sorts first; the good images after it must still be fogged
        org.scda.data.TestImages.truncate(org.scda.data.TestImages.write(images.resolve("a_cut.png"), 256, 128));
        org.scda.data.TestImages.writePngHeader(images.resolve("b_bomb.png"), 20000, 20000, 2);
        org.scda.data.TestImages.write(images.resolve("c.png"), 32, 16);
        org.scda.data.TestImages.write(images.resolve("d.png"), 32, 16);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(out, err, "fog", "--images", images.toString(), "--out", tmp.resolve("out").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("fogged 2 images");
        assertThat(tmp.resolve("out/c_foggy_beta_0.02.png")).exists();
        assertThat(tmp.resolve("out/d_foggy_beta_0.02.png")).exists();
        assertThat(err.toString()).contains("skipped 2 of 4 images").contains("2 x unreadable image skipped")
                .contains("a_cut.png").contains("b_bomb.png").contains("over the limit");

        err.getBuffer().setLength(0);
        code = ScdaCommandTest.run(new StringWriter(), err, "fog", "--images", images.toString(),
                "--out", tmp.resolve("strict").toString(), "--strict");
        assertThat(code).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString().trim().lines().count()).isEqualTo(1);
        assertThat(err.toString()).containsAnyOf("a_cut.png", "b_bomb.png");
    }

    @Test
    void missingFolderFailsAndHalfADisparitySetIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(new StringWriter(), err, "fog", "--images", tmp.resolve("none").toString(),
                "--out", tmp.resolve("out").toString());
        assertThat(code).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("none").doesNotContain("Exception");
        code = ScdaCommandTest.run(new StringWriter(), new StringWriter(), "fog", "--images", tmp.toString(),
                "--out", tmp.resolve("out").toString(), "--disparity", tmp.toString());
        assertThat(code).isEqualTo(ScdaCommand.EXIT_USAGE);
    }
}
