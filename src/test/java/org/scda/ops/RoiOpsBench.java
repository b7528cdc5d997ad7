package org.scda.ops;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Prints median milliseconds of RoIAlign and RoIPool forward and forward+backward at Faster
 * R-CNN's size: 512 RoIs, C = 256, 7 x 7, sampling 2, on a 32 x 64 map (stride 16, 512 x 1024
 * image). A program, not a test. Run after {@code mvn -o -q test-compile}:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) -Dai.djl.offline=true \
 *     -DOPT_OUT_TRACKING=true -Dai.djl.pytorch.num_threads=1 org.scda.ops.RoiOpsBench
 * </pre>
 * torchvision's own numbers for the same sizes: {@code src/test/python/bench_roi_ops.py}.
 */
public final class RoiOpsBench {

    private RoiOpsBench() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int numRois = 512;
        int channels = 256;
        int height = 32;
        int width = 64;
        float scale = 1f / 16;
        float[] rois = rois(new Random(0), numRois, height / scale, width / scale);
        try (NDManager base = NDManager.newBaseManager()) {
            NDArray features = base.randomNormal(new Shape(1, channels, height, width));
            RoiAlign align = new RoiAlign(7, 7, scale, 2, false);
            RoiPool pool = new RoiPool(7, 7, scale);
            System.out.printf("threads: %s; %d RoIs, C=%d, 7x7, map %dx%d%n",
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), numRois, channels, height, width);
            time("RoIAlign sampling 2 (sparse)", base, features, rois, runs, (f, r) -> align.forward(f, r, RoiAlign.Backend.SPARSE));
            time("RoIAlign sampling 2 (gather)", base, features, rois, Math.min(runs, 5), (f, r) -> align.forward(f, r, RoiAlign.Backend.GATHER));
            RoiAlign adaptive = new RoiAlign(7, 7, scale, 0, true);
            time("RoIAlign adaptive, aligned (sparse)", base, features, rois, runs, (f, r) -> adaptive.forward(f, r, RoiAlign.Backend.SPARSE));
            time("RoIPool", base, features, rois, runs, pool::forward);
        }
    }

    private static void time(String name, NDManager base, NDArray features, float[] rois, int runs,
            BiFunction<NDArray, float[], NDArray> op) {
        double[] forward = new double[runs];
        double[] both = new double[runs];
        for (int i = -3; i < runs; i++) {
            try (NDManager step = base.newSubManager()) {
                NDArray f = features.duplicate();
                f.attach(step);
                f.setRequiresGradient(true);
                NDArray upstream = step.ones(new Shape(rois.length / 5, features.getShape().get(1), 7, 7));
                long t0 = System.nanoTime();
                NDArray out = op.apply(f, rois);
                out.toFloatArray();
                long t1 = System.nanoTime();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray again = op.apply(f, rois);
                    gc.backward(again.mul(upstream).sum());
                }
                try (NDArray g = f.getGradient()) {
                    g.toFloatArray();
                }
                long t2 = System.nanoTime();
                if (i >= 0) {
                    forward[i] = (t1 - t0) / 1e6;
                    both[i] = (t2 - t1) / 1e6;
                }
            }
        }
        System.out.printf("%-38s forward %7.1f ms   forward+backward %7.1f ms   (median of %d)%n",
                name, median(forward), median(both), runs);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Proposal-like RoIs: sizes 16..512 pixels, some crossing the image border. */
    static float[] rois(Random r, int n, float imageHeight, float imageWidth) {
        float[] out = new float[5 * n];
        for (int i = 0; i < n; i++) {
            float w = 16 + r.nextFloat() * 496;
            float h = 16 + r.nextFloat() * 496;
            float x = -0.1f * imageWidth + r.nextFloat() * imageWidth;
            float y = -0.1f * imageHeight + r.nextFloat() * imageHeight;
            out[5 * i + 1] = x;
            out[5 * i + 2] = y;
            out[5 * i + 3] = x + w;
            out[5 * i + 4] = y + h;
        }
        return out;
    }
}
