package org.scda.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
        Path classes = Path.of(Scalars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                scanned++;
                try (InputStream in = Files.newInputStream(f)) {
                    for (String call : numberCalls(new DataInputStream(in))) {
                        offenders.add(classes.relativize(f) + ": " + call);
                    }
                }
            }
        }
        assertThat(scanned).isGreaterThan(100);
        assertThat(offenders).as("use org.scda.ops.Scalars instead").isEmpty();
    }

    /** The {@code NDArray.op(Number)} methods of {@link #BORROWING} a class file refers to. */
    private static List<String> numberCalls(DataInputStream in) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[][] refs = new int[count][];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> refs[i] = new int[] {in.readUnsignedShort()};
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        List<String> calls = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] != 10 && tags[i] != 11) {
                continue;
            }
            String owner = utf8[refs[refs[i][0]][0]];
            int[] nameAndType = refs[refs[i][1]];
            String name = utf8[nameAndType[0]];
            String descriptor = utf8[nameAndType[1]];
            if (owner.startsWith("ai/djl/") && BORROWING.contains(name) && descriptor.startsWith("(Ljava/lang/Number;)")) {
                calls.add(owner + "." + name + descriptor);
            }
        }
        return calls;
    }
}
