package org.scda.adapt.align;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.scda.adapt.core.AdaptConfig;
import org.scda.config.TrainConfig;
import org.scda.engine.LrSchedule;
import org.scda.engine.Optimizers;
import org.scda.engine.RunSetup;
import org.scda.engine.StepResult;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;
import org.scda.model.ImageTargets;

/**
 * Times whole adaptation iterations (detector forward on a source and a target image, region
 * mining, the four updates) on synthetic images of the config's input size
 * ({@code shortSide x 2 shortSide}), without datasets: what {@code scda bench} reports as the
 * cost of one adaptation iteration.
 */
public final class AdaptationBenchmark {
    private AdaptationBenchmark() {
    }

    /**
     * The timings of one benchmark.
     *
     * @param preset   the region preset
     * @param backbone the detector's backbone
     * @param width    input width
     * @param height   input height
     * @param ms       milliseconds of each timed iteration, in order
     */
    public record Result(String preset, String backbone, int width, int height, double[] ms) {
        public Result {
            ms = ms.clone();
        }

        /** The median of {@link #ms()}. */
        public double medianMs() {
            double[] v = ms.clone();
            Arrays.sort(v);
            return v.length == 0 ? Double.NaN
                    : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    /**
     * Runs {@code warmup} untimed and {@code timed} timed aligned iterations.
     *
     * @param numClasses dataset classes of the detector
     */
    public static Result run(AdaptConfig config, int numClasses, int warmup, int timed, long seed) {
        TrainConfig train = config.train();
        AlignmentConfig alignmentConfig = ScdaMethod.alignment(config.adapt());
        int height = train.model().input().shortSide();
        int width = 2 * height;
        Engine.getInstance().setRandomSeed((int) seed);
        Random random = new Random(seed);
        try (NDManager manager = NDManager.newBaseManager(RunSetup.device(train.device()))) {
            FasterRcnn model = FasterRcnn.create(train.model(), numClasses);
            model.initialize(manager, height, width);
            Optimizers.Optimizer optimizer = Optimizers.create(train.solver(),
                    new ArrayList<>(model.getParameters().values()), manager);
            try (RegionAlignment alignment = new RegionAlignment(alignmentConfig,
                    ScdaMethod.shapesFor(alignmentConfig, model, width, height), manager)) {
                // sourceRois costs one more RoI-head pass; the warm-up choice costs nothing per iteration
                AdaptationStep step = new AdaptationStep(null, null, alignment, 0, config.adapt().targetProposals(),
                        seed).withSourceRois(config.adapt().sourceRois());
                TrainingLoop loop = new TrainingLoop(model, manager, optimizer, LrSchedule.of(train.solver()), null,
                        random, List.of(), step);
                double[] ms = new double[timed];
                for (int i = 0; i < warmup + timed; i++) {
                    org.scda.engine.ThreadShare.apply();
                    try (NDManager images = manager.newSubManager()) {
                        NDArray source = images.randomUniform(-2f, 2f, new Shape(1, 3, height, width));
                        NDArray target = images.randomUniform(-2f, 2f, new Shape(1, 3, height, width));
                        StepResult r = step.run(loop, i, source, randomTargets(random, numClasses, width, height),
                                target);
                        if (i >= warmup) {
                            ms[i - warmup] = r.seconds() * 1000;
                        }
                    }
                }
                return new Result(alignmentConfig.preset().name(), train.model().backbone(), width, height, ms);
            }
        }
    }

    /** Three to five boxes of 1/8 to 1/3 of the image height. */
    private static ImageTargets randomTargets(Random random, int numClasses, int width, int height) {
        int n = 3 + random.nextInt(3);
        float[] boxes = new float[4 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float w = height * (0.125f + random.nextFloat() * 0.2f);
            float h = height * (0.125f + random.nextFloat() * 0.2f);
            float x = random.nextFloat() * (width - w);
            float y = random.nextFloat() * (height - h);
            boxes[4 * i] = x;
            boxes[4 * i + 1] = y;
            boxes[4 * i + 2] = x + w;
            boxes[4 * i + 3] = y + h;
            labels[i] = 1 + random.nextInt(numClasses);
        }
        return new ImageTargets(boxes, labels).withBoxesAsMasks();
    }
}
