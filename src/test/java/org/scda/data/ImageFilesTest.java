package org.scda.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.engine.DetectorRunner;

class ImageFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearLimit() {
        System.clearProperty(ImageFiles.MAX_PIXELS_PROPERTY);
    }

    @Test
    void readsSizeFromTheHeaderAndDecodesPixels() {
        Path png = TestImages.write(dir.resolve("a.png"), 64, 48);
        assertThat(ImageFiles.size(png)).isEqualTo(new ImageSize(64, 48));
        BufferedImage img = ImageFiles.read(png);
        assertThat(img.getWidth()).isEqualTo(64);
        assertThat(img.getHeight()).isEqualTo(48);
        assertThat(img.getRGB(3, 2) & 0xffffff).isEqualTo((3 * 7 + 2 * 13) & 0xffffff);
    }

    @Test
    void aDecompressionBombIsRefusedOnItsHeaderWithTheLimitNamed() {
        // 20000 x 20000 declared, a few rows of data: decoding would allocate 1.2 GB first
        Path bomb = TestImages.writePngHeader(dir.resolve("bomb.png"), 20000, 20000, 4);
        // through the decode helper every command uses (scda detect, training, evaluation)
        assertThatThrownBy(() -> DetectorRunner.readImage(bomb))
                .isInstanceOf(org.scda.util.ScdaException.class)
                .hasMessageStartingWith(bomb.toString())
                .hasMessageContaining("20000x20000 is 400.0 million pixels, over the limit of 100.0 million")
                .hasMessageContaining(ImageFiles.MAX_PIXELS_ENV)
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ImageFiles.size(bomb)).isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("over the limit");
    }

    @Test
    void theLimitCanBeRaisedOrLoweredAndABadSettingIsNamed() {
        Path png = TestImages.write(dir.resolve("a.png"), 64, 48);
        System.setProperty(ImageFiles.MAX_PIXELS_PROPERTY, String.valueOf(64 * 48 - 1));
        assertThatThrownBy(() -> ImageFiles.read(png)).isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("64x48");
        System.setProperty(ImageFiles.MAX_PIXELS_PROPERTY, String.valueOf(64 * 48));
        assertThat(ImageFiles.read(png).getWidth()).isEqualTo(64);
        System.setProperty(ImageFiles.MAX_PIXELS_PROPERTY, "lots");
        assertThatThrownBy(ImageFiles::maxPixels).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ImageFiles.MAX_PIXELS_PROPERTY).hasMessageContaining("lots");
    }

    @Test
    void aTruncatedPngHasAGoodHeaderButFailsToDecode() {
        Path png = TestImages.truncate(TestImages.write(dir.resolve("cut.png"), 256, 128));
        assertThat(ImageFiles.size(png)).isEqualTo(new ImageSize(256, 128));
        assertThatThrownBy(() -> ImageFiles.read(png)).isInstanceOf(UnreadableImageException.class)
                .hasMessageStartingWith(png.toString()).hasMessageNotContaining("\n");
    }

    @Test
    void aTruncatedJpegIsRefusedThoughImageIoDecodesIt() throws IOException {
        Path jpg = TestImages.truncate(TestImages.write(dir.resolve("cut.jpg"), 256, 128));
        // ImageIO returns an image with a grey bottom and only warns
        assertThat(javax.imageio.ImageIO.read(jpg.toFile())).isNotNull();
        assertThatThrownBy(() -> ImageFiles.read(jpg)).isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void missingAndNonImageFilesAreNamed() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        assertThatThrownBy(() -> ImageFiles.read(dir.resolve("gone.png"))).isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("gone.png");
        assertThatThrownBy(() -> ImageFiles.size(text)).isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("notes.png").hasMessageContaining("not an image");
    }

    @Test
    void aDeclaredSizeIsCheckedAgainstTheHeader() {
        Path png = TestImages.write(dir.resolve("a.png"), 256, 128);
        Path ann = dir.resolve("ann.json");
        ImageFiles.checkDeclaredSize(ann, "image 1 (a.png)", png, 256, 128);
        assertThatThrownBy(() -> ImageFiles.checkDeclaredSize(ann, "image 1 (a.png)", png, 2000000000, 2000000000))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(ann + ": image 1 (a.png) declares 2000000000x2000000000 but the image file " + png
                        + " is 256x128");
        // a missing image is left to whoever loads it
        ImageFiles.checkDeclaredSize(ann, "image 2 (b.png)", dir.resolve("b.png"), 5, 5);
    }
}
