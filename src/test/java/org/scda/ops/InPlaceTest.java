package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.testing.MethodReferences;
import org.scda.testing.OneEngineThread;

/**
 * {@link InPlace}: the same bits as the values given, in the array written (not a new one), no
 * array left behind; and no class of scda calls the DJL methods that print libtorch's
 * "AutoNonVariableTypeMode is deprecated" warning (the warning itself: QuietEngineTest).
 */
class InPlaceTest {

    private static int[] bits(NDArray a) {
        float[] v = a.toFloatArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }

    @Test
    @Tag("engine")
    void copiesEveryBitAndZeroesToPositiveZeroInPlace() {
        OneEngineThread.use();
        float[] special = {-0f, Float.NaN, 1e-42f, Float.NEGATIVE_INFINITY, 3.5f, -7.25f};
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Shape shape : List.of(new Shape(), new Shape(6), new Shape(2, 3, 2, 2))) {
                float[] values = new float[(int) shape.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = special[i % special.length];
                }
                NDArray from = manager.create(values, shape);
                NDArray into = manager.ones(shape);
                int managed = manager.getManagedArrays().size();

                int[] expected = bits(from);
                InPlace.copy(from, into);
                assertThat(bits(into)).as("copy %s", shape).containsExactly(expected);
                InPlace.zero(from);
                assertThat(bits(into)).as("a copy, not a view").containsExactly(expected);

                InPlace.zero(into);
                assertThat(bits(into)).as("zero %s", shape).containsOnly(0);
                assertThat(into.getShape()).isEqualTo(shape);
                assertThat(manager.getManagedArrays()).as("arrays left in the manager").hasSize(managed);
            }
            NDArray a = manager.ones(new Shape(2, 3));
            assertThatThrownBy(() -> InPlace.copy(manager.ones(new Shape(3, 2)), a))
                    .hasMessageContaining("of shape (3, 2) into one of shape (2, 3)");
        }
    }

    /** DJL 0.36's NDArray methods that end in the native torchSet (an AutoNonVariableTypeMode guard). */
    private static final Set<String> TORCH_SET = Set.of("copyTo(Lai/djl/ndarray/NDArray;)V",
            "set(Ljava/nio/Buffer;)V", "set([F)V", "set([D)V", "set([I)V", "set([J)V", "set([B)V");

    @Test
    void noScdaClassCallsTheDjlMethodsThatEndInTorchSet() throws Exception {
        Map<String, List<MethodReferences.Call>> classes = MethodReferences.ofScdaClasses();
        List<String> offenders = new ArrayList<>();
        classes.forEach((file, calls) -> calls.stream()
                .filter(c -> c.owner().startsWith("ai/djl/") && TORCH_SET.contains(c.name() + c.descriptor()))
                .forEach(c -> offenders.add(file + ": " + c)));
        assertThat(classes).hasSizeGreaterThan(100);
        assertThat(offenders).as("use org.scda.ops.InPlace instead").isEmpty();
    }
}
