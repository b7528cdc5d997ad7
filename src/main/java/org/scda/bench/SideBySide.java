package org.scda.bench;

import java.util.Arrays;
import org.scda.engine.Benchmark;

/**
 * Times two programs on the same work in alternating blocks, so that a change of machine load
 * during the run falls on both alike: after each side's warm-up, block {@code b} runs a training
 * block on one side then on the other, then an inference block on one side then on the other,
 * the side that goes first swapping every block (A B, B A, A B, ...).
 */
public final class SideBySide {
    private SideBySide() {
    }

    /** A program that can time blocks of training iterations and inferences. */
    public interface Timed {
        /** {@code n} training iterations; milliseconds of each. */
        double[] train(int n);

        /** {@code n} inferences; milliseconds of each. */
        double[] infer(int n);
    }

    /**
     * How much to run.
     *
     * @param warmupTrain    untimed training iterations per side before the first block
     * @param warmupInfer    untimed inferences per side before the first block
     * @param trainIterations timed training iterations per side, over all blocks
     * @param inferImages    timed inferences per side, over all blocks
     * @param blocks         blocks to split them into (fewer when there are fewer iterations)
     */
    public record Plan(int warmupTrain, int warmupInfer, int trainIterations, int inferImages, int blocks) {
        public Plan {
            if (warmupTrain < 0 || warmupInfer < 0 || trainIterations < 1 || inferImages < 1 || blocks < 1) {
                throw new IllegalArgumentException("need warm-ups >= 0 and iterations, images and blocks >= 1, got "
                        + this);
            }
        }
    }

    /**
     * Every timed iteration of both sides.
     *
     * @param scdaTrain  scda's training iteration times, ms
     * @param torchTrain the reference's training iteration times, ms
     * @param scdaInfer  scda's inference times, ms
     * @param torchInfer the reference's inference times, ms
     */
    public record Times(double[] scdaTrain, double[] torchTrain, double[] scdaInfer, double[] torchInfer) {
        public double scdaTrainMedian() {
            return Benchmark.median(scdaTrain);
        }

        public double torchTrainMedian() {
            return Benchmark.median(torchTrain);
        }

        public double scdaInferMedian() {
            return Benchmark.median(scdaInfer);
        }

        public double torchInferMedian() {
            return Benchmark.median(torchInfer);
        }

        /** scda's median training iteration over the reference's: below 1 means scda is faster. */
        public double trainRatio() {
            return scdaTrainMedian() / torchTrainMedian();
        }

        /** scda's median inference over the reference's. */
        public double inferRatio() {
            return scdaInferMedian() / torchInferMedian();
        }
    }

    /** Runs {@code plan} on both sides, alternating; {@code scda} warms up first. */
    public static Times run(Timed scda, Timed torch, Plan plan) {
        scda.train(plan.warmupTrain());
        scda.infer(plan.warmupInfer());
        torch.train(plan.warmupTrain());
        torch.infer(plan.warmupInfer());
        int[] trainBlocks = split(plan.trainIterations(), plan.blocks());
        int[] inferBlocks = split(plan.inferImages(), plan.blocks());
        int blocks = Math.max(trainBlocks.length, inferBlocks.length);
        double[][] out = new double[4][0];
        for (int b = 0; b < blocks; b++) {
            boolean scdaFirst = b % 2 == 0;
            Timed first = scdaFirst ? scda : torch;
            Timed second = scdaFirst ? torch : scda;
            int t = b < trainBlocks.length ? trainBlocks[b] : 0;
            int i = b < inferBlocks.length ? inferBlocks[b] : 0;
            double[] firstTrain = first.train(t);
            double[] secondTrain = second.train(t);
            double[] firstInfer = first.infer(i);
            double[] secondInfer = second.infer(i);
            out[0] = concat(out[0], scdaFirst ? firstTrain : secondTrain);
            out[1] = concat(out[1], scdaFirst ? secondTrain : firstTrain);
            out[2] = concat(out[2], scdaFirst ? firstInfer : secondInfer);
            out[3] = concat(out[3], scdaFirst ? secondInfer : firstInfer);
        }
        return new Times(out[0], out[1], out[2], out[3]);
    }

    /**
     * {@code total} split into at most {@code blocks} sizes, as even as can be, larger first, none
     * zero: 10 into 4 gives 3, 3, 2, 2; 2 into 5 gives 1, 1.
     */
    static int[] split(int total, int blocks) {
        int n = Math.min(total, blocks);
        int[] sizes = new int[n];
        for (int b = 0; b < n; b++) {
            sizes[b] = total / n + (b < total % n ? 1 : 0);
        }
        return sizes;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
