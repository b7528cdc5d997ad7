import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Random;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.engine.Optimizers;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;
import org.scda.model.ImageTargets;
import ai.djl.training.ParameterStore;

/**
 * Probe (not part of the product): one VGG16 training iteration at 1024x512 split into forward,
 * backward and the optimiser step (with its gradient clipping and zeroing), medians over N
 * iterations; bench/probes/vgg_train_stages.py does the same for the torchvision reference.
 *   javac -cp target/scda.jar -d /tmp/probes bench/probes/VggTrainStages.java
 *   MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296 java -Dai.djl.offline=true \
 *     -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp target/scda.jar:/tmp/probes VggTrainStages 4
 *   /usr/bin/python3 bench/probes/vgg_train_stages.py 4
 */
public class VggTrainStages {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        TrainConfig cfg = Configs.parseYaml(new String(VggTrainStages.class.getResourceAsStream(
                "/configs/vgg16-paper.yaml").readAllBytes()));
        Engine.getInstance().setRandomSeed(0);
        Random random = new Random(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn net = FasterRcnn.create(cfg.model(), 4);
            net.initialize(manager, 512, 1024);
            Optimizers.Optimizer optimizer = Optimizers.create(cfg.solver(), new ArrayList<>(net.getParameters().values()),
                    manager);
            ParameterStore ps = new ParameterStore(manager, false);
            ImageTargets targets = new ImageTargets(new float[] {80, 240, 240, 360, 400, 160, 464, 320, 600, 280, 680,
                328, 720, 120, 1000, 400}, new int[] {1, 2, 3, 1});
            double[][] t = new double[4][n];
            for (int i = 0; i < n + 2; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray image = scope.randomNormal(new Shape(1, 3, 512, 1024));
                    long t0 = System.nanoTime();
                    long t1;
                    long t2;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        FasterRcnnOutput out = net.forward(ps, image, targets, true, random);
                        out.totalLoss().getFloat();
                        t1 = System.nanoTime();
                        gc.backward(out.totalLoss());
                        t2 = System.nanoTime();
                    }
                    optimizer.step(cfg.solver().baseLr() * 0.01);
                    long t3 = System.nanoTime();
                    if (i >= 2) {
                        t[0][i - 2] = (t1 - t0) / 1e6;
                        t[1][i - 2] = (t2 - t1) / 1e6;
                        t[2][i - 2] = (t3 - t2) / 1e6;
                        t[3][i - 2] = (t3 - t0) / 1e6;
                    }
                }
            }
            System.out.println("scda vgg16 training totals in order (ms): " + Arrays.toString(
                    Arrays.stream(t[3]).map(Math::rint).toArray()));
            String[] names = {"forward", "backward", "optimiser step (clip, SGD, zero)", "total"};
            for (int k = 0; k < 4; k++) {
                Arrays.sort(t[k]);
                System.out.printf("scda vgg16 training %s median %.1f ms%n", names[k], t[k][n / 2]);
            }
        }
    }
}
