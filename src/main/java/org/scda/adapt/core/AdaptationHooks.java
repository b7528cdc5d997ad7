package org.scda.adapt.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.scda.adapt.mining.MinedRegions;
import org.scda.config.TrainConfig;
import org.scda.adapt.core.AdaptationModules;
import org.scda.adapt.core.AdaptationState;
import org.scda.engine.Checkpoint;
import org.scda.engine.Checkpoints;
import org.scda.engine.Hooks;
import org.scda.engine.MetricsWriter;
import org.scda.engine.SourceOnlyTraining;
import org.scda.engine.StepResult;
import org.scda.engine.TrainingLoop;

/** The hooks an adaptation run adds to {@link Hooks}: checkpoints with rollback, gradient diagnostics, timing. */
public final class AdaptationHooks {
    private AdaptationHooks() {
    }

    /**
     * Saves the last good checkpoint (detector with optimiser state and RNG, then the adaptation
     * modules with their optimisers' state and the run's progress, as an {@link AdaptationState}
     * pair) every {@code period} iterations and after the last, but only while no skip streak is
     * under way; after {@code rollbackAfter} consecutive bad iterations (skipped detector step or
     * a skipped module update) restores the last good checkpoint's weights and optimiser states
     * and carries on from the current iteration. Without a checkpoint yet, the streak is only
     * reported. Runs after {@link Hooks.Evaluate} in the hook list, so that a checkpoint records
     * the evaluation of its own iteration.
     */
    public static final class CheckpointAndRollback implements TrainingLoop.Hook {
        private final Path outDir;
        private final Path modelFile;
        private final int period;
        private final int end;
        private final int rollbackAfter;
        private final TrainConfig config;
        private final List<String> classNames;
        private final AdaptationModules modules;
        private final Hooks.Evaluate evaluate;
        private final String configText;
        private final Consumer<String> log;
        private int lastAlignmentSkips;
        private int streak;
        private int rollbacks;
        private boolean haveCheckpoint;

        /**
         * @param evaluate   the run's evaluation hook, whose best and last evaluations a
         *                   checkpoint records (null: none recorded)
         * @param configText the run's whole config (YAML), recorded so that a resumed run can
         *                   check it has the same
         */
        public CheckpointAndRollback(Path outDir, int period, int end, int rollbackAfter, TrainConfig config,
                                     List<String> classNames, AdaptationModules modules, Hooks.Evaluate evaluate,
                                     String configText, Consumer<String> log) {
            this.outDir = outDir;
            this.modelFile = outDir.resolve(Checkpoints.LAST);
            this.period = period;
            this.end = end;
            this.rollbackAfter = rollbackAfter;
            this.config = config;
            this.classNames = classNames;
            this.modules = modules;
            this.evaluate = evaluate;
            this.configText = configText;
            this.log = log;
        }

        /** Continues the counters of a resumed run whose checkpoint recorded {@code progress}. */
        public void resumeFrom(AdaptationState.Progress progress) {
            rollbacks = progress.rollbacks();
            lastAlignmentSkips = modules.skippedUpdates();
            streak = 0;
            haveCheckpoint = true;
        }

        @Override
        public void afterStep(TrainingLoop loop, StepResult step) {
            int skips = modules.skippedUpdates();
            boolean bad = step.skipped() || skips > lastAlignmentSkips;
            lastAlignmentSkips = skips;
            streak = bad ? streak + 1 : 0;
            if (streak >= rollbackAfter) {
                if (haveCheckpoint) {
                    rollBack(loop);
                } else {
                    log.accept("iteration " + (step.iteration() + 1) + ": " + streak
                            + " consecutive non-finite iterations and no checkpoint to roll back to");
                }
                streak = 0;
            }
            int done = step.iteration() + 1;
            if (streak == 0 && (done == end || (period > 0 && done % period == 0))) {
                save(loop);
            }
        }

        /** The progress a checkpoint taken now records. */
        public AdaptationState.Progress progress(TrainingLoop loop) {
            return new AdaptationState.Progress(loop.iteration(), loop.skippedSteps(), modules.skippedUpdates(),
                    rollbacks, evaluate == null ? Double.NEGATIVE_INFINITY : evaluate.bestMap(),
                    evaluate == null ? null : evaluate.best(), evaluate == null ? null : evaluate.last(), configText);
        }

        private void save(TrainingLoop loop) {
            try {
                AdaptationState.save(outDir, progress(loop), modules);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + outDir.resolve(AdaptationState.LAST) + ": "
                        + e.getMessage(), e);
            }
            Hooks.saveCheckpoint(modelFile, loop, config, classNames, Map.of());
            haveCheckpoint = true;
        }

        private void rollBack(TrainingLoop loop) {
            try {
                NDManager manager = loop.manager();
                Checkpoint ck = Checkpoints.loadInto(modelFile, loop.model(), manager);
                List<Parameter> params = new ArrayList<>(loop.model().getParameters().values());
                SourceOnlyTraining.requireGradients(params);
                if (ck.optimizerState().length > 0) {
                    try (NDManager tmp = manager.newSubManager()) {
                        loop.optimizer().loadState(NDList.decode(tmp, ck.optimizerState()));
                    }
                }
                int skippedUpdates = modules.skippedUpdates();
                AdaptationState.load(outDir, ck.iteration(), modules, configText);
                modules.restoreSkippedUpdates(skippedUpdates);
                modules.zeroGradients();
                rollbacks++;
                log.accept("iteration " + loop.iteration() + ": rolled back to the checkpoint of iteration "
                        + ck.iteration() + " after " + rollbackAfter + " consecutive non-finite iterations");
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException("rollback failed: " + e.getMessage(), e));
            }
        }

        /** Rollbacks done. */
        public int rollbacks() {
            return rollbacks;
        }
    }

    /**
     * Writes each diagnosed iteration's {@code diag.*} values ({@link GradientDiagnostics}) as a
     * line of its own in {@code metrics.jsonl}: {@code iteration} and the values, no loss terms
     * (so that the logging periods' averages and the loss charts are unchanged).
     */
    public static final class Diagnostics implements TrainingLoop.Hook {
        private final GradientDiagnostics.Source source;
        private final MetricsWriter metrics;
        private int written;

        public Diagnostics(GradientDiagnostics.Source source, MetricsWriter metrics) {
            this.source = source;
            this.metrics = metrics;
        }

        @Override
        public void afterStep(TrainingLoop loop, StepResult step) {
            Map<String, Double> d = source.takeDiagnostics();
            if (d == null) {
                return;
            }
            Map<String, Object> record = new java.util.LinkedHashMap<>();
            record.put("iteration", step.iteration() + 1);
            record.putAll(d);
            metrics.write(record);
            written++;
        }

        /** Lines written so far. */
        public int written() {
            return written;
        }
    }

    /** Collects the wall time of warm-up and aligned iterations. */
    public static final class Timing implements TrainingLoop.Hook {
        private final int firstAligned;
        private final List<Double> warmup = new ArrayList<>();
        private final List<Double> aligned = new ArrayList<>();

        public Timing(int firstAligned) {
            this.firstAligned = firstAligned;
        }

        @Override
        public void afterStep(TrainingLoop loop, StepResult step) {
            (step.iteration() < firstAligned ? warmup : aligned).add(step.seconds());
        }

        /** Median milliseconds of an aligned iteration (NaN before any). */
        public double medianAlignedMs() {
            return median(aligned) * 1000;
        }

        /** Median milliseconds of a warm-up (source-only) iteration (NaN before any). */
        public double medianWarmupMs() {
            return median(warmup) * 1000;
        }

        private static double median(List<Double> values) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(v);
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }
}
