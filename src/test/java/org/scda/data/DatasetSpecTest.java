package org.scda.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetSpecTest {

    @Test
    void parsesFormatPathAndOptions() {
        DatasetSpec spec = DatasetSpec.parse("foggy-cityscapes:/data/cs?split=val&beta=0.01");
        assertThat(spec.format()).isEqualTo("foggy-cityscapes");
        assertThat(spec.path()).isEqualTo("/data/cs");
        assertThat(spec.options()).containsEntry("split", "val").containsEntry("beta", "0.01");
        assertThat(spec.toString()).isEqualTo("foggy-cityscapes:/data/cs?split=val&beta=0.01");
    }

    @Test
    void mapOptionKeepsCommasAndColons() {
        DatasetSpec spec = DatasetSpec.parse("kitti:k?map=Van:car,Car:car");
        assertThat(spec.option("map", null)).isEqualTo("Van:car,Car:car");
    }

    @Test
    void rejectsUnknownFormatNamingTheKnownOnes() {
        assertThatThrownBy(() -> DatasetSpec.parse("yolo:x"))
                .hasMessageContaining("unknown dataset format 'yolo'")
                .hasMessageContaining("coco");
        assertThatThrownBy(() -> DatasetSpec.parse("justapath")).hasMessageContaining("no format");
        assertThatThrownBy(() -> DatasetSpec.parse("coco:x?split")).hasMessageContaining("key=value");
    }
}
