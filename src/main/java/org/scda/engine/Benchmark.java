package org.scda.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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
        List<double[]> rss = new ArrayList<>();
        double[] trainTimes = new double[Math.max(0, trainIterations)];
        double[] inferTimes = new double[Math.max(0, inferImages)];
        try (Session session = new Session(model, solver, width, height)) {
            for (int i = 0; i < warmup + trainIterations; i++) {
                ThreadShare.apply();
                double ms = session.trainIteration();
                if (i >= warmup) {
                    trainTimes[i - warmup] = ms;
                }
                int done = i + 1;
                if (rssEvery > 0 && (done % rssEvery == 0 || done == warmup + trainIterations)) {
                    rss.add(new double[] {done, Provenance.rssMb()});
                }
            }
            session.infer(Math.min(warmup, 5));
            for (int i = 0; i < inferImages; i++) {
                ThreadShare.apply();
                inferTimes[i] = session.inferImage();
            }
        }
        return new Result(name, width, height, trainIterations, median(trainTimes), inferImages, median(inferTimes),
                rss, Provenance.peakRssMb());
    }

    /**
     * One detector with its optimiser, timed an iteration at a time: {@link #run} uses it, and so
     * does a side-by-side comparison that alternates blocks of iterations with another program.
     * Training uses the bench's fixed four boxes and the learning rate {@code baseLr * 0.01};
     * every image is a fresh {@code N(0, 1)} tensor created inside the timed span.
     */
    public static final class Session implements AutoCloseable {
        /** Classes of the timed detector (the built-in benchmark's four), background not counted. */
        public static final int NUM_CLASSES = 4;

        private final NDManager manager;
        private final FasterRcnn net;
        private final SolverConfig solver;
        private final Optimizers.Optimizer optimizer;
        private final ParameterStore ps;
        private final ImageTargets targets;
        private final Random random = new Random(0);
        private final int width;
        private final int height;

        /** Builds and initialises the detector for {@code width x height} images. */
        public Session(ModelConfig model, SolverConfig solver, int width, int height) {
            Engine.getInstance().setRandomSeed(0);
            this.solver = solver;
            this.width = width;
            this.height = height;
            this.manager = NDManager.newBaseManager();
            try {
                net = FasterRcnn.create(model, NUM_CLASSES);
                net.initialize(manager, height, width);
                optimizer = Optimizers.create(solver, net.getParameters().values(), manager);
                ps = new ParameterStore(manager, false);
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
            float sx = width / 256f;
            float sy = height / 128f;
            targets = new ImageTargets(new float[] {
                20 * sx, 60 * sy, 60 * sx, 90 * sy, 100 * sx, 40 * sy, 116 * sx, 80 * sy,
                150 * sx, 70 * sy, 170 * sx, 82 * sy, 180 * sx, 30 * sy, 250 * sx, 100 * sy}, new int[] {1, 2, 3, 1})
                    .withBoxesAsMasks();
        }

        /** The learning rate the bench trains with: a hundredth of the base rate. */
        public static double learningRate(SolverConfig solver) {
            return solver.baseLr() * 0.01;
        }

        /** One forward + backward + SGD update on a fresh random image; milliseconds. */
        public double trainIteration() {
            long t0 = System.nanoTime();
            try (NDManager scope = manager.newSubManager()) {
                NDArray image = scope.randomNormal(new Shape(1, 3, height, width));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    FasterRcnnOutput out = net.forward(ps, image, targets, true, random);
                    gc.backward(out.totalLoss());
                }
                optimizer.step(learningRate(solver));
            }
            return (System.nanoTime() - t0) / 1e6;
        }

        /** One inference (no gradients, inference mode) on a fresh random image; milliseconds. */
        public double inferImage() {
            long t0 = System.nanoTime();
            try (NDManager scope = manager.newSubManager()) {
                NDArray image = scope.randomNormal(new Shape(1, 3, height, width));
                net.forward(ps, image, null, false, random);
            }
            return (System.nanoTime() - t0) / 1e6;
        }

        /** {@code n} training iterations; milliseconds of each. */
        public double[] train(int n) {
            double[] ms = new double[Math.max(0, n)];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = trainIteration();
            }
            return ms;
        }

        /** {@code n} inferences; milliseconds of each. */
        public double[] infer(int n) {
            double[] ms = new double[Math.max(0, n)];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = inferImage();
            }
            return ms;
        }

        /** The detector being timed (initialised). */
        public FasterRcnn net() {
            return net;
        }

        /** Parameters the optimiser updates (BatchNorm running statistics not counted). */
        public long trainableParameters() {
            long n = 0;
            for (Parameter p : net.getParameters().values()) {
                if (p.requiresGradient()) {
                    n += p.getArray().getShape().size();
                }
            }
            return n;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /** The median of {@code values} (NaN when empty); {@code values} is left as it is. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
