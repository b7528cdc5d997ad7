package org.scda.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;
import org.scda.util.ScdaException;

/**
 * The minimal supervised loop: per iteration one image, forward with its ground truth, sum of
 * the named losses, backward, optimiser step at the scheduled learning rate. A non-finite loss
 * or gradient skips the update and is counted. Everything else (logging, evaluation,
 * checkpoints) is a {@link Hook}. All arrays of an iteration live in a sub-manager closed at its
 * end.
 *
 * <p>With a {@link DivergenceGuard} ({@link #guardDivergence}) every iteration is judged before
 * the hooks see it: a diverged iteration never reaches them (so no checkpoint, best model or
 * evaluation is made of it) and instead rolls the run back to its last checkpoint, or ends it
 * with a {@link ScdaException} when there is none or the rollbacks are used up. With a
 * {@link StopRequest} ({@link #stopOn}) the loop stops between iterations: it writes the
 * checkpoint of the last finished iteration and throws {@link RunStoppedException}.
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
    private ParameterStore parameters;
    private final Step customStep;
    private Random random;
    private int iteration;
    private int skippedSteps;
    private int rollbacks;
    private DivergenceGuard guard;
    private RunCheckpoint checkpoint;
    private IntSupplier otherSkippedUpdates = () -> 0;
    private Consumer<String> log = message -> { };
    private StopRequest stop = new StopRequest();
    private List<SettingsChange> settingsChanges = List.of();
    private boolean evaluationPending;
    private final PhaseTimes phases = new PhaseTimes();

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

    /**
     * Judges every iteration with {@code guard} and, on divergence, rolls back to
     * {@code checkpoint} (at most {@code divergence.maxRollbacks} times) or ends the run.
     *
     * @param otherSkippedUpdates a counter of updates skipped outside the detector's step (an
     *                            adaptation method's modules), whose increase marks an iteration
     *                            as one with a skipped update
     * @param log                 where rollbacks are reported
     */
    public TrainingLoop guardDivergence(DivergenceGuard guard, RunCheckpoint checkpoint,
                                        IntSupplier otherSkippedUpdates, Consumer<String> log) {
        this.guard = guard;
        this.checkpoint = checkpoint;
        this.otherSkippedUpdates = otherSkippedUpdates;
        this.log = log;
        return this;
    }

    /** Stops between iterations once {@code request} is made (and evaluations between images). */
    public TrainingLoop stopOn(StopRequest request) {
        this.stop = request;
        return this;
    }

    /**
     * Runs iterations {@code iteration()} .. {@code end - 1}.
     *
     * @throws ScdaException        when the run diverged and could not roll back
     * @throws RunStoppedException  when a stop was requested
     */
    public void run(int end) {
        hooks.forEach(h -> h.beforeTrain(this));
        int first = iteration;
        try {
            while (iteration < end) {
                if (stop.isRequested()) {
                    throw stopBetweenIterations(first);
                }
                int it = iteration;
                ThreadShare.apply();
                hooks.forEach(h -> h.beforeStep(this, it));
                int otherSkipsBefore = otherSkippedUpdates.getAsInt();
                StepResult step = customStep == null ? step(it) : customStep.run(this, it);
                if (customStep != null && step.skipped()) {
                    skippedSteps++;
                }
                iteration = it + 1;
                if (guard != null) {
                    boolean skippedUpdate = step.skipped() || otherSkippedUpdates.getAsInt() > otherSkipsBefore;
                    Optional<String> diverged = guard.observe(step.totalLoss(), skippedUpdate);
                    if (diverged.isPresent()) {
                        rollBackOrFail(step, diverged.get());
                        continue;
                    }
                }
                try {
                    hooks.forEach(h -> h.afterStep(this, step));
                } catch (RunStoppedException e) {
                    throw stopDuringHooks();
                }
            }
        } finally {
            hooks.forEach(h -> h.afterTrain(this));
        }
    }

    private RunStoppedException stopBetweenIterations(int firstOfSession) {
        if (checkpoint != null && iteration > firstOfSession && checkpoint.iteration() != iteration) {
            checkpoint.save(this);
        }
        return stop.stopped("at iteration " + iteration + " (" + checkpointText() + "): continue it with --resume");
    }

    /**
     * A stop cut an evaluation short (the only hook work that looks at the request): the
     * iteration's training is done, so its checkpoint is written, marked for the evaluation to
     * be made on resume.
     */
    private RunStoppedException stopDuringHooks() {
        String note = "";
        if (checkpoint != null && checkpoint.iteration() != iteration) {
            evaluationPending = true;
            try {
                checkpoint.save(this);
            } finally {
                evaluationPending = false;
            }
            note = ", evaluated on resume";
        }
        return stop.stopped("during the evaluation at iteration " + iteration + " (" + checkpointText() + note
                + "): continue it with --resume");
    }

    private String checkpointText() {
        return checkpoint == null || checkpoint.iteration() < 0 ? "no checkpoint yet"
                : "checkpoint of iteration " + checkpoint.iteration();
    }

    private void rollBackOrFail(StepResult step, String reason) {
        String what = String.format(Locale.ROOT, "diverged at iteration %d (lr %.4g): %s", iteration,
                step.learningRate(), reason);
        int allowed = guard.config().maxRollbacks();
        if (checkpoint == null || checkpoint.iteration() < 0) {
            throw new ScdaException(what + "; no healthy checkpoint to roll back to");
        }
        if (rollbacks >= allowed) {
            throw new ScdaException(what + "; " + (allowed == 0 ? "rollbacks are off (divergence.maxRollbacks 0)"
                    : "rolled back " + rollbacks + " times already (divergence.maxRollbacks " + allowed + ")")
                    + "; the last healthy checkpoint is of iteration " + checkpoint.iteration());
        }
        Checkpoint restored = checkpoint.restore(this);
        guard.restore(restored.run().recentLosses());
        rollbacks++;
        log.accept(what + "; rolled back to the checkpoint of iteration " + restored.iteration() + " (rollback "
                + rollbacks + " of at most " + allowed + ")");
    }

    /** The request this loop stops on. */
    public StopRequest stopRequest() {
        return stop;
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

    /** Where the iterations' time goes, as the step records it. */
    public PhaseTimes phases() {
        return phases;
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

    /**
     * Starts a new parameter store, after the model's (or a method's modules') parameters were
     * loaded from a checkpoint: loading puts new arrays into the parameters, and a DJL
     * ParameterStore keeps handing out the arrays it saw first, so forward passes through the old
     * store would train arrays the optimiser no longer updates.
     */
    public void parametersReplaced() {
        parameters = new ParameterStore(manager, false);
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

    /** Steps skipped because the loss or a gradient was NaN or infinite. */
    public int skippedSteps() {
        return skippedSteps;
    }

    /** Rollbacks to the last healthy checkpoint so far (a resumed run continues its count). */
    public int rollbacks() {
        return rollbacks;
    }

    /** The divergence guard, or null when the loop has none. */
    public DivergenceGuard guard() {
        return guard;
    }

    /** Sets the settings changed on resume so far, recorded in every checkpoint. */
    public void setSettingsChanges(List<SettingsChange> changes) {
        this.settingsChanges = List.copyOf(changes);
    }

    public List<SettingsChange> settingsChanges() {
        return settingsChanges;
    }

    /** What a checkpoint of the loop's current state records about the run. */
    public RunRecord runRecord() {
        return new RunRecord(skippedSteps, rollbacks, guard == null ? List.of() : guard.recentLosses(), settingsChanges,
                evaluationPending);
    }

    /**
     * Continues a resumed run's counters, divergence window and settings changes (a pending
     * evaluation is the caller's to make: {@link Hooks.Evaluate#evaluatePending}).
     */
    public void restore(RunRecord record) {
        skippedSteps = record.skippedSteps();
        rollbacks = record.rollbacks();
        settingsChanges = record.settingsChanges();
        if (guard != null) {
            guard.restore(record.recentLosses());
        }
    }

    /** Sets {@link #rollbacks()} (a resumed run continues its count). */
    public void restoreRollbacks(int count) {
        this.rollbacks = count;
    }
}
