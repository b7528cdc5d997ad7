package org.scda.adapt.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.scda.config.TrainConfig;
import org.scda.engine.Checkpoint;
import org.scda.engine.Checkpoints;
import org.scda.engine.DetectorCheckpoint;
import org.scda.engine.Hooks;
import org.scda.engine.MetricsWriter;
import org.scda.engine.RunCheckpoint;
import org.scda.engine.RunRecord;
import org.scda.engine.StepResult;
import org.scda.engine.TrainingLoop;

/** What an adaptation run adds to {@link Hooks}: its checkpoint (with the modules), diagnostics, timing. */
public final class AdaptationHooks {
    private AdaptationHooks() {
    }

    /**
     * An adaptation run's last checkpoint: the detector (weights, optimiser state, RNG,
     * {@link RunRecord}) and the adaptation modules with their optimisers' state and the run's
     * progress, as an {@link AdaptationState} pair written state first. A rollback restores the
     * weights and optimiser states of both and keeps the skip counters.
     */
    public static final class AdaptationCheckpoint implements RunCheckpoint {
        private final Path outDir;
        private final DetectorCheckpoint detector;
        private final AdaptationModules modules;
        private final Hooks.Evaluate evaluate;
        private final String configText;

        /**
         * @param evaluate   the run's evaluation hook, whose best and last evaluations a
         *                   checkpoint records (null: none recorded)
         * @param configText the run's whole config (YAML), recorded so that a resumed run can be
         *                   compared with it
         */
        public AdaptationCheckpoint(Path outDir, TrainConfig config, List<String> classNames,
                                    AdaptationModules modules, Hooks.Evaluate evaluate, String configText) {
            this.outDir = outDir;
            this.detector = new DetectorCheckpoint(outDir.resolve(Checkpoints.LAST), config, classNames, -1);
            this.modules = modules;
            this.evaluate = evaluate;
            this.configText = configText;
        }

        /** The run resumed from the checkpoint of {@code resumedIteration} in the run directory. */
        public void resumedAt(int resumedIteration) {
            detector.resumedAt(resumedIteration);
        }

        /** The progress a checkpoint taken now records. */
        public AdaptationState.Progress progress(TrainingLoop loop) {
            return new AdaptationState.Progress(loop.iteration(), loop.skippedSteps(), modules.skippedUpdates(),
                    loop.rollbacks(), evaluate == null ? Double.NEGATIVE_INFINITY : evaluate.bestMap(),
                    evaluate == null ? null : evaluate.best(), evaluate == null ? null : evaluate.last(), configText);
        }

        /** The method's state first, then the detector's checkpoint: a crash between them leaves the previous pair. */
        @Override
        public void save(TrainingLoop loop) {
            try {
                AdaptationState.save(outDir, progress(loop), modules);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + outDir.resolve(AdaptationState.LAST) + ": "
                        + e.getMessage(), e);
            }
            detector.save(loop);
        }

        @Override
        public int iteration() {
            return detector.iteration();
        }

        /** The detector's checkpoint and the modules' state of its iteration; the skip counters carry on. */
        @Override
        public Checkpoint restore(TrainingLoop loop) {
            Checkpoint ck = detector.restore(loop);
            try {
                int skippedUpdates = modules.skippedUpdates();
                AdaptationState.load(outDir, ck.iteration(), modules);
                modules.restoreSkippedUpdates(skippedUpdates);
                modules.zeroGradients();
                return ck;
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException("rollback failed: " + e.getMessage(), e));
            }
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
