package org.scda.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;

/**
 * The minimal supervised loop: per iteration one image, forward with its ground truth, sum of
 * the named losses, backward, optimiser step at the scheduled learning rate. A non-finite loss
 * skips the update and is counted. Everything else (logging, evaluation, checkpoints) is a
 * {@link Hook}. All arrays of an iteration live in a sub-manager closed at its end.
 */
public final class TrainingLoop {

    /** Called around every step; all methods optional. */
    public interface Hook {
        default void beforeTrain(TrainingLoop loop) {
        }

        default void beforeStep(TrainingLoop loop, int iteration) {
        }

        default void afterStep(TrainingLoop loop, StepResult step) {
        }

        default void afterTrain(TrainingLoop loop) {
        }
    }

    /**
     * One iteration's work when it is not the supervised step (e.g. adaptation with a target
     * image per iteration). It reads what it needs from the loop ({@link #parameters()},
     * {@link #optimizer()}, {@link #schedule()}, {@link #random()}, {@link #manager()}); a
     * result with {@code skipped} set is counted in {@link #skippedSteps()}.
     */
    public interface Step {
        StepResult run(TrainingLoop loop, int iteration);
    }

    private final FasterRcnn model;
    private final NDManager manager;
    private final Optimizers.Optimizer optimizer;
    private final LrSchedule schedule;
    private final TrainingImages data;
    private final List<Hook> hooks;
    private final ParameterStore parameters;
    private final Step customStep;
    private Random random;
    private int iteration;
    private int skippedSteps;

    public TrainingLoop(FasterRcnn model, NDManager manager, Optimizers.Optimizer optimizer, LrSchedule schedule,
                        TrainingImages data, Random random, List<Hook> hooks) {
        this(model, manager, optimizer, schedule, data, random, hooks, null);
    }

    /** A loop whose iterations run {@code step} instead of the supervised step ({@code data} may be null). */
    public TrainingLoop(FasterRcnn model, NDManager manager, Optimizers.Optimizer optimizer, LrSchedule schedule,
                        TrainingImages data, Random random, List<Hook> hooks, Step step) {
        this.customStep = step;
        this.model = model;
        this.manager = manager;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.data = data;
        this.random = random;
        this.hooks = List.copyOf(hooks);
        this.parameters = new ParameterStore(manager, false);
    }

    /** Runs iterations {@code iteration()} .. {@code end - 1}. */
    public void run(int end) {
        hooks.forEach(h -> h.beforeTrain(this));
        while (iteration < end) {
            int it = iteration;
            hooks.forEach(h -> h.beforeStep(this, it));
            StepResult step = customStep == null ? step(it) : customStep.run(this, it);
            if (customStep != null && step.skipped()) {
                skippedSteps++;
            }
            iteration = it + 1;
            hooks.forEach(h -> h.afterStep(this, step));
        }
        hooks.forEach(h -> h.afterTrain(this));
    }

    private StepResult step(int it) {
        long start = System.nanoTime();
        double lr = schedule.learningRate(it);
        Map<String, Double> values = new LinkedHashMap<>();
        double total;
        boolean finite;
        try (NDManager scope = manager.newSubManager()) {
            TrainingImages.Example example = data.next(random);
            NDArray image = example.image().toNDArray(scope);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                FasterRcnnOutput out = model.forward(parameters, image, example.targets(), true, random);
                out.losses().forEach((k, v) -> values.put(k, (double) v.getFloat()));
                NDArray loss = out.totalLoss();
                total = loss.getFloat();
                finite = Double.isFinite(total);
                if (finite) {
                    gc.backward(loss);
                }
            }
            if (finite) {
                finite = optimizer.step(lr);
            }
            if (!finite) {
                skippedSteps++;
            }
        }
        return new StepResult(it, values, total, lr, !finite, (System.nanoTime() - start) / 1e9);
    }

    public FasterRcnn model() {
        return model;
    }

    public NDManager manager() {
        return manager;
    }

    public Optimizers.Optimizer optimizer() {
        return optimizer;
    }

    /** Iterations completed. */
    public int iteration() {
        return iteration;
    }

    /** Sets the iteration to resume from. */
    public void setIteration(int iteration) {
        this.iteration = iteration;
    }

    /** The parameter store of the model's forward passes. */
    public ParameterStore parameters() {
        return parameters;
    }

    /** The learning-rate schedule. */
    public LrSchedule schedule() {
        return schedule;
    }

    public Random random() {
        return random;
    }

    /** Replaces the RNG (on resume). */
    public void setRandom(Random random) {
        this.random = random;
    }

    /** Sets {@link #skippedSteps()} (a resumed run continues its count). */
    public void restoreSkippedSteps(int count) {
        this.skippedSteps = count;
    }

    /** Steps skipped because the loss was NaN or infinite. */
    public int skippedSteps() {
        return skippedSteps;
    }
}
