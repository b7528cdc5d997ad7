package org.scda.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.util.ScdaException;

/** Loading torchvision-style state dicts (numpy .npz) and DJL .params into backbones. */
@Tag("engine")
class BackboneWeightsTest {

    /** Writes an npz like torchvision's vgg16_bn().features.state_dict(), keys shuffled, each tensor a distinct constant. */
    private static void writeVggBnStateDict(Path file, NDManager m) throws Exception {
        int[] cfg = {64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512};
        NDList list = new NDList();
        int layer = 0;
        int in = 3;
        int value = 1;
        for (int c : cfg) {
            if (c < 0) {
                layer += 1;
                continue;
            }
            list.add(named(m.full(new Shape(c, in, 3, 3), (float) value++), layer + ".weight"));
            list.add(named(m.full(new Shape(c), (float) value++), layer + ".bias"));
            list.add(named(m.full(new Shape(c), (float) value++), (layer + 1) + ".weight"));
            list.add(named(m.full(new Shape(c), (float) value++), (layer + 1) + ".bias"));
            list.add(named(m.full(new Shape(c), (float) value++), (layer + 1) + ".running_mean"));
            list.add(named(m.full(new Shape(c), (float) value++), (layer + 1) + ".running_var"));
            list.add(named(m.create(new long[] {7}), (layer + 1) + ".num_batches_tracked"));
            layer += 3;
            in = c;
        }
        List<NDArray> shuffled = new ArrayList<>(list);
        Collections.shuffle(shuffled, new Random(1));
        try (OutputStream os = Files.newOutputStream(file)) {
            new NDList(shuffled).encode(os, NDList.Encoding.NPZ);
        }
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    @Test
    void loadsATorchvisionStateDictInLayerOrder(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Path npz = dir.resolve("vgg16_bn.npz");
            writeVggBnStateDict(npz, m);
            Backbone vgg = Backbones.vgg16(true);
            vgg.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            int n = BackboneWeights.load(vgg, npz, m);
            List<Parameter> params = vgg.block().getParameters().values();
            assertThat(n).isEqualTo(params.size()).isEqualTo(13 * 6);
            // conv1_1 weight=1, bias=2, bn gamma=3, beta=4, running mean=5, running var=6; conv1_2 starts at 7.
            assertThat(first(params.get(0))).isEqualTo(1f);
            assertThat(first(params.get(1))).isEqualTo(2f);
            assertThat(params.get(4).getName()).containsIgnoringCase("mean");
            assertThat(first(params.get(4))).isEqualTo(5f);
            assertThat(first(params.get(5))).isEqualTo(6f);
            assertThat(first(params.get(6))).isEqualTo(7f);
            assertThat(first(params.get(params.size() - 1))).isEqualTo(13 * 6f);
        }
    }

    private static float first(Parameter p) {
        return p.getArray().flatten().getFloat(0);
    }

    @Test
    void djlParamsRoundTripAndShapeMismatchIsAnError(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone a = Backbones.small(8);
            a.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Path params = dir.resolve("small.params");
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(params))) {
                a.block().saveParameters(out);
            }
            Backbone b = Backbones.small(8);
            b.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            BackboneWeights.load(b, params, m);
            NDArray wa = a.block().getParameters().get(0).getValue().getArray();
            NDArray wb = b.block().getParameters().get(0).getValue().getArray();
            assertThat(wb.toFloatArray()).containsExactly(wa.toFloatArray());

            Path npz = dir.resolve("vgg.npz");
            writeVggBnStateDict(npz, m);
            assertThatThrownBy(() -> BackboneWeights.load(b, npz, m))
                    .isInstanceOf(ScdaException.class).hasMessageContaining("shape");
        }
    }
}
