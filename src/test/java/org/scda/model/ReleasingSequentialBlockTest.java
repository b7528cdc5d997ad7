package org.scda.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.ops.InPlace;
import org.scda.testing.EngineTestBase;
import org.scda.testing.ManagedArrays;

/** The sequential block that closes consumed layer outputs: same values and gradients, fewer arrays held. */
@Tag("engine")
class ReleasingSequentialBlockTest extends EngineTestBase {

    /** conv, ReLU, an identity layer (passes its input on as is), max-pool, conv, ReLU. */
    private static SequentialBlock layers(SequentialBlock b) {
        return b.add(conv(4)).add(Activation.reluBlock()).add(Blocks.identityBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2))).add(conv(6)).add(Activation.reluBlock());
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build();
    }

    /** A plain and a releasing block with the same weights. */
    private SequentialBlock[] twins() {
        SequentialBlock plain = layers(new SequentialBlock());
        SequentialBlock releasing = layers(new ReleasingSequentialBlock());
        Shape input = new Shape(1, 3, 8, 8);
        plain.initialize(manager, DataType.FLOAT32, input);
        releasing.initialize(manager, DataType.FLOAT32, input);
        List<Parameter> from = plain.getParameters().values();
        List<Parameter> into = releasing.getParameters().values();
        for (int i = 0; i < from.size(); i++) {
            InPlace.copy(from.get(i).getArray(), into.get(i).getArray());
        }
        return new SequentialBlock[] {plain, releasing};
    }

    private record Pass(float[] output, float[] inputGradient, int arraysHeld) {
    }

    /** One forward (and backward of the output's sum) in a manager of its own, counted before backward. */
    private Pass pass(SequentialBlock block, NDArray image) {
        try (NDManager iteration = manager.newSubManager()) {
            NDArray x = image.duplicate();
            x.attach(iteration);
            x.setRequiresGradient(true);
            ParameterStore ps = new ParameterStore(iteration, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = block.forward(ps, new NDList(x), true).singletonOrThrow();
                int held = ManagedArrays.count(iteration);
                gc.backward(out.sum());
                return new Pass(out.toFloatArray(), x.getGradient().toFloatArray(), held);
            }
        }
    }

    @Test
    void sameOutputAndGradientWithOnlyTheInputAndOutputHeld() {
        SequentialBlock[] twins = twins();
        NDArray image = manager.randomNormal(new Shape(1, 3, 8, 8));
        Pass plain = pass(twins[0], image);
        Pass releasing = pass(twins[1], image);
        assertThat(releasing.output()).containsExactly(plain.output());
        assertThat(releasing.inputGradient()).containsExactly(plain.inputGradient());
        assertThat(plain.arraysHeld()).as("a plain block keeps every layer's output").isGreaterThan(5);
        assertThat(releasing.arraysHeld()).as("input and output").isEqualTo(2);
    }

    @Test
    void returningIntermediatesKeepsThem() {
        SequentialBlock[] twins = twins();
        twins[0].setReturnIntermediate(true);
        twins[1].setReturnIntermediate(true);
        NDList x = new NDList(manager.randomNormal(new Shape(1, 3, 8, 8)));
        ParameterStore ps = new ParameterStore(manager, false);
        NDList plain = twins[0].forward(ps, x, false);
        NDList releasing = twins[1].forward(ps, x, false);
        assertThat(releasing).hasSameSizeAs(plain).hasSize(6);
        for (int i = 0; i < plain.size(); i++) {
            assertThat(releasing.get(i).toFloatArray()).containsExactly(plain.get(i).toFloatArray());
        }
    }
}
