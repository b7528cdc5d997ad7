package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.teacher.EmaTeacher;
import org.scda.config.Configs;
import org.scda.data.transform.ImageTransform;
import org.scda.data.transform.PreparedImage;
import org.scda.model.BackboneWeights;
import org.scda.model.FasterRcnn;
import org.scda.testing.OneEngineThread;

/**
 * The operations that overwrite parameters in place (AdaBN's adapt and blend, the mean teacher's
 * copy and EMA step, loading a numpy state dict), after a conv forward, print no libtorch
 * warning (issue 17 item 4). libtorch writes to the process's file descriptor 2, which
 * {@code System.err} does not see, and warns once per process: so they run in a JVM of their
 * own ({@link Operations}) whose stderr is read here.
 */
@Tag("engine")
class QuietEngineTest {

    /** What {@link Operations} prints on stdout when it has run everything. */
    static final String DONE = "quiet-engine-operations: done";

    @Test
    void parameterOverwritesPrintNoLibtorchWarning(@TempDir Path dir) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Djava.awt.headless=true", "-cp", classpath,
                Operations.class.getName(), dir.toString())
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String stdout = Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
        String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code; stderr:\n" + stderr).isZero();
        assertThat(stdout).as("the operations ran").contains(DONE);
        assertThat(stderr.lines()).as("libtorch warnings on stderr")
                .noneMatch(line -> line.contains("Warning:") || line.matches("^\\[W\\d{4} .*"));
    }

    /** Runs each operation once; the argument is a directory for a state-dict file. */
    public static final class Operations {
        private Operations() {
        }

        private static FasterRcnn model(NDManager manager, int seed) {
            Engine.getInstance().setRandomSeed(seed);
            FasterRcnn model = FasterRcnn.create(Configs.parseYaml(
                    "model: {backbone: small, backboneWidth: 8, roi: {headDim: 32}}\n").model(), 2);
            model.initialize(manager, 64, 128);
            return model;
        }

        private static PreparedImage image(long seed) {
            Random r = new Random(seed);
            BufferedImage img = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 128; x++) {
                    img.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            return new ImageTransform(64, 128).apply(img);
        }

        public static void main(String[] args) throws Exception {
            OneEngineThread.use();
            try (NDManager manager = NDManager.newBaseManager()) {
                FasterRcnn student = model(manager, 1);
                student.backbone().block().forward(new ParameterStore(manager, false),
                        new NDList(image(1).toNDArray(manager)), false).close();
                BatchNormAdaptation.adapt(student, manager, List.of(image(2), image(3)), null);
                BatchNormAdaptation.blend(student, manager, image(4).toNDArray(manager), 0.5f);

                EmaTeacher teacher = new EmaTeacher(model(manager, 2), manager);
                teacher.copyFrom(student);
                teacher.update(student, 0.9f);

                // a numpy state dict whose tensor i is the backbone's parameter i ("i.weight" sorts by i)
                NDList tensors = new NDList();
                List<Parameter> params = model(manager, 3).backbone().block().getParameters().values();
                for (int i = 0; i < params.size(); i++) {
                    NDArray a = params.get(i).getArray().duplicate();
                    a.setName(i + ".weight");
                    tensors.add(a);
                }
                Path npz = Path.of(args[0], "backbone.npz");
                try (OutputStream out = Files.newOutputStream(npz)) {
                    tensors.encode(out, NDList.Encoding.NPZ);
                }
                BackboneWeights.load(student.backbone(), npz, manager);
            }
            System.out.println(DONE);
        }
    }
}
