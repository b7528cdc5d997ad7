package org.scda.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scda.util.ScdaException;

class BackbonesTest {
    private static long batchNormLayers(Backbone b) {
        return b.block().getChildren().values().stream()
                .filter(c -> c instanceof ai.djl.nn.norm.BatchNorm).count();
    }

    @Test
    void smallComesWithAndWithoutBatchNormAndTheSameOutput() {
        Backbone bn = Backbones.create("small", 8);
        Backbone plain = Backbones.create("small-nobn", 8);
        assertThat(batchNormLayers(bn)).isEqualTo(6);
        assertThat(batchNormLayers(plain)).isZero();
        assertThat(plain.stride()).isEqualTo(bn.stride()).isEqualTo(8);
        assertThat(plain.outChannels()).isEqualTo(bn.outChannels()).isEqualTo(32);
        assertThat(plain.name()).isEqualTo("small-nobn");
        // the same convolutions in the same order: 6 conv layers each
        assertThat(plain.block().getChildren().values().stream().filter(c -> c instanceof ai.djl.nn.convolutional.Conv2d))
                .hasSize(6);
        assertThat(bn.block().getChildren().values().stream().filter(c -> c instanceof ai.djl.nn.convolutional.Conv2d))
                .hasSize(6);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Backbones.create("resnet", 8)).isInstanceOf(ScdaException.class)
                .hasMessageContaining("small-nobn");
    }
}
