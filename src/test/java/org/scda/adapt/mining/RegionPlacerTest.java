package org.scda.adapt.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.util.ScdaException;

class RegionPlacerTest {

    @Test
    void centredWhenItFits() {
        assertThat(RegionPlacer.place(100, 60, 32, 256, 128)).isEqualTo(new BoundingBox(84, 44, 116, 76));
    }

    @Test
    void shiftedInsideAtEachBorder() {
        assertThat(RegionPlacer.place(3, 60, 32, 256, 128)).isEqualTo(new BoundingBox(0, 44, 32, 76));
        assertThat(RegionPlacer.place(250, 60, 32, 256, 128)).isEqualTo(new BoundingBox(224, 44, 256, 76));
        assertThat(RegionPlacer.place(100, -5, 32, 256, 128)).isEqualTo(new BoundingBox(84, 0, 116, 32));
        assertThat(RegionPlacer.place(100, 127, 32, 256, 128)).isEqualTo(new BoundingBox(84, 96, 116, 128));
        assertThat(RegionPlacer.place(300, 200, 64, 256, 128)).isEqualTo(new BoundingBox(192, 64, 256, 128));
    }

    @Test
    void regionAsLargeAsTheShorterSideFillsIt() {
        BoundingBox r = RegionPlacer.place(10, 10, 128, 256, 128);
        assertThat(r).isEqualTo(new BoundingBox(0, 0, 128, 128));
        assertThat(r.isInside(256, 128)).isTrue();
    }

    @Test
    void regionLargerThanTheShorterSideIsAnError() {
        assertThatThrownBy(() -> RegionPlacer.place(128, 64, 129, 256, 128))
                .isInstanceOf(ScdaException.class).hasMessageContaining("shorter side");
        assertThatThrownBy(() -> RegionPlacer.place(10, 10, 0, 256, 128)).isInstanceOf(ScdaException.class);
    }
}
