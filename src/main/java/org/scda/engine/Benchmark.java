package org.scda.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.scda.config.ModelConfig;
import org.scda.config.SolverConfig;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;
import org.scda.model.ImageTargets;

/**
 * Times training iterations (forward + backward + SGD update) and inference on one image size,
 * with a fixed random image and a few ground-truth boxes, and records resident memory as it goes.
 * A program that prints numbers, never a test.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /**
     * Measured numbers of one setting.
     *
     * @param trainMs      median milliseconds per training iteration (after warm-up)
     * @param inferMs      median milliseconds per inference image (after warm-up)
     * @param rssMbAt      (iteration, RSS MB) checkpoints during training
     * @param peakRssMb    VmHWM of the process after this setting
     */
    public record Result(String name, int width, int height, int trainIterations, double trainMs,
                         int inferImages, double inferMs, List<double[]> rssMbAt, double peakRssMb) {
    }

    /**
     * @param warmup iterations not timed (first iterations allocate and tune kernels)
     * @param rssEvery record RSS every this many training iterations (and at the last)
     */
    public static Result run(String name, ModelConfig model, SolverConfig solver, int width, int height,
                             int warmup, int trainIterations, int inferImages, int rssEvery) {
        Engine.getInstance().setRandomSeed(0);
        Random random = new Random(0);
        List<double[]> rss = new ArrayList<>();
        double[] trainTimes = new double[Math.max(0, trainIterations)];
        double[] inferTimes = new double[Math.max(0, inferImages)];
        try (NDManager manager = NDManager.newBaseManager()) {
            FasterRcnn net = FasterRcnn.create(model, 4);
            net.initialize(manager, height, width);
            Optimizers.Optimizer optimizer = Optimizers.create(solver, net.getParameters().values(), manager);
            ParameterStore ps = new ParameterStore(manager, false);
            float sx = width / 256f;
            float sy = height / 128f;
            ImageTargets targets = new ImageTargets(new float[] {
                20 * sx, 60 * sy, 60 * sx, 90 * sy, 100 * sx, 40 * sy, 116 * sx, 80 * sy,
                150 * sx, 70 * sy, 170 * sx, 82 * sy, 180 * sx, 30 * sy, 250 * sx, 100 * sy}, new int[] {1, 2, 3, 1}).withBoxesAsMasks();
            for (int i = 0; i < warmup + trainIterations; i++) {
                long t0 = System.nanoTime();
                try (NDManager scope = manager.newSubManager()) {
                    NDArray image = scope.randomNormal(new Shape(1, 3, height, width));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        FasterRcnnOutput out = net.forward(ps, image, targets, true, random);
                        gc.backward(out.totalLoss());
                    }
                    optimizer.step(solver.baseLr() * 0.01);
                }
                if (i >= warmup) {
                    trainTimes[i - warmup] = (System.nanoTime() - t0) / 1e6;
                }
                int done = i + 1;
                if (rssEvery > 0 && (done % rssEvery == 0 || done == warmup + trainIterations)) {
                    rss.add(new double[] {done, Provenance.rssMb()});
                }
            }
            for (int i = 0; i < Math.min(warmup, 5) + inferImages; i++) {
                long t0 = System.nanoTime();
                try (NDManager scope = manager.newSubManager()) {
                    NDArray image = scope.randomNormal(new Shape(1, 3, height, width));
                    net.forward(ps, image, null, false, random);
                }
                int k = i - Math.min(warmup, 5);
                if (k >= 0) {
                    inferTimes[k] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return new Result(name, width, height, trainIterations, median(trainTimes), inferImages, median(inferTimes),
                rss, Provenance.peakRssMb());
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
