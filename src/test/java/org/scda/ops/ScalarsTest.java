package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.testing.MethodReferences;

/**
 * {@link Scalars}: the same values as DJL's number overloads, and gradients that survive a
 * garbage collection between forward and backward (DJL's {@code x.mul(3f)} gave garbage there,
 * e.g. 4e21, in every try of a 200-try probe); and no class of scda calls those overloads.
 */
class ScalarsTest {

    private static void churnAndCollect(NDManager manager) {
        for (int i = 0; i < 3; i++) {
            System.gc();
            // small direct buffers of other values, to reuse any freed memory
            for (int j = 0; j < 50; j++) {
                manager.create(new float[] {1e20f * j}).close();
            }
        }
    }

    private static float[] gradient(Function<NDArray, NDArray> op, boolean collectFirst) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-2f, -0.5f, 0f, 0.25f, 3f});
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = op.apply(x).mul(manager.create(new float[] {1f, 2f, 3f, 4f, 5f})).sum();
                if (collectFirst) {
                    churnAndCollect(manager);
                }
                gc.backward(loss);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    @Tag("engine")
    void sameValuesAsDjlAndGradientsSurviveCollection() {
        List<Function<NDArray, NDArray>> ours = List.of(x -> Scalars.mul(x, 3f), x -> Scalars.div(x, 7),
                x -> Scalars.maximum(x, 0f), x -> Scalars.minimum(x, 0.25f));
        List<Function<NDArray, NDArray>> djl = List.of(x -> x.mul(3f), x -> x.div(7),
                x -> x.maximum(0f), x -> x.minimum(0.25f));
        float[][] expected = {{3, 6, 9, 12, 15}, {1 / 7f, 2 / 7f, 3 / 7f, 4 / 7f, 5 / 7f}, {0, 0, 1.5f, 4, 5},
            {1, 2, 3, 2, 0}};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-2f, -0.5f, 0f, 0.25f, 3f});
            for (int i = 0; i < ours.size(); i++) {
                assertThat(ours.get(i).apply(x).toFloatArray()).containsExactly(djl.get(i).apply(x).toFloatArray());
            }
        }
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < ours.size(); i++) {
                assertThat(gradient(ours.get(i), true)).as("op %d", i).containsExactly(expected[i]);
            }
        }
    }

    /** DJL's NDArray methods that turn a number into a borrowed tensor autograd may keep. */
    private static final Set<String> BORROWING = Set.of("mul", "div", "maximum", "minimum", "pow");

    @Test
    void noScdaClassCallsTheNumberOverloadsOfDjl() throws Exception {
        Map<String, List<MethodReferences.Call>> classes = MethodReferences.ofScdaClasses();
        List<String> offenders = new ArrayList<>();
        classes.forEach((file, calls) -> calls.stream()
                .filter(c -> c.owner().startsWith("ai/djl/") && BORROWING.contains(c.name())
                        && c.descriptor().startsWith("(Ljava/lang/Number;)"))
                .forEach(c -> offenders.add(file + ": " + c)));
        assertThat(classes).hasSizeGreaterThan(100);
        assertThat(offenders).as("use org.scda.ops.Scalars instead").isEmpty();
    }
}
