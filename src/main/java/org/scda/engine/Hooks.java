package org.scda.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.transform.ImageTransform;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Evaluators;
import org.scda.eval.MaskDetection;
import org.scda.eval.MaskVocEvaluator;
import org.scda.eval.Metric;
import org.scda.model.FasterRcnn;
import org.scda.util.ProgressBar;

/** The training hooks of {@code scda train}: logging, evaluation with best-model keeping, checkpoints. */
public final class Hooks {
    private Hooks() {
    }

    /** Writes a checkpoint of the loop's current state. */
    public static void saveCheckpoint(Path file, TrainingLoop loop, TrainConfig config, List<String> classNames,
                                      Map<String, Double> metrics) {
        saveCheckpoint(file, loop, loop.model(), config, classNames, metrics);
    }

    /**
     * Writes a checkpoint of the loop's state with {@code model}'s weights (e.g. a teacher the
     * loop does not train; its optimiser state is the loop's).
     */
    public static void saveCheckpoint(Path file, TrainingLoop loop, FasterRcnn model, TrainConfig config,
                                      List<String> classNames, Map<String, Double> metrics) {
        try {
            Checkpoints.save(file, new Checkpoint(config, classNames, loop.iteration(),
                    Checkpoints.rngState(loop.random()), loop.optimizer().name(), new byte[0], metrics,
                    loop.runRecord()), loop.optimizer().state(), model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
        Checkpoints.releaseSerializationHeap();
    }

    /**
     * Progress bar with ETA, smoothed loss terms and it/s; a metrics line every
     * {@code period} iterations (loss terms averaged over the period, learning rate, RSS).
     */
    public static final class Logging implements TrainingLoop.Hook {
        private final MetricsWriter metrics;
        private final int period;
        private final int end;
        private final Map<String, Double> sums = new LinkedHashMap<>();
        private int count;
        private double seconds;
        private ProgressBar bar;

        public Logging(MetricsWriter metrics, int period, int end) {
            this.metrics = metrics;
            this.period = Math.max(1, period);
            this.end = end;
        }

        @Override
        public void beforeTrain(TrainingLoop loop) {
            bar = new ProgressBar("train", Math.max(1, end - loop.iteration()));
        }

        @Override
        public void afterStep(TrainingLoop loop, StepResult step) {
            if (!step.skipped()) {
                step.losses().forEach((k, v) -> sums.merge(k, v, Double::sum));
                sums.merge("loss", step.totalLoss(), Double::sum);
                count++;
            }
            seconds += step.seconds();
            boolean due = (step.iteration() + 1) % period == 0 || step.iteration() + 1 == end;
            if (due) {
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("iteration", step.iteration() + 1);
                record.put("lr", step.learningRate());
                sums.forEach((k, v) -> record.put(k, count == 0 ? Double.NaN : v / count));
                record.put("sec_per_it", seconds / period);
                record.put("skipped_steps", loop.skippedSteps());
                record.put("rss_mb", Provenance.rssMb());
                metrics.write(record);
                sums.forEach((k, v) -> bar.set(shortName(k), count == 0 ? Double.NaN : v / count));
                bar.set("lr", step.learningRate());
                sums.clear();
                count = 0;
                seconds = 0;
            }
            bar.step();
        }

        @Override
        public void afterTrain(TrainingLoop loop) {
            bar.close();
        }

        private static String shortName(String key) {
            return key.replace("objectness", "obj").replace("classifier", "cls").replace("box_reg", "box");
        }
    }

    /**
     * The result of one evaluation during or after training.
     *
     * @param sourceValMask mask AP@0.5 on source-val for a Mask R-CNN model on data with
     *                      polygons, else null (likewise {@code targetValMask})
     */
    public record Evaluation(int iteration, EvaluationResult sourceVal, EvaluationResult targetVal,
                             EvaluationResult sourceValMask, EvaluationResult targetValMask) {

        /** A box-only evaluation. */
        public Evaluation(int iteration, EvaluationResult sourceVal, EvaluationResult targetVal) {
            this(iteration, sourceVal, targetVal, null, null);
        }

        public Map<String, Double> asMetrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("source_val.mAP", sourceVal.mAP());
            if (targetVal != null) {
                m.put("target_val.mAP", targetVal.mAP());
            }
            if (sourceValMask != null) {
                m.put("source_val.mask_mAP", sourceValMask.mAP());
            }
            if (targetValMask != null) {
                m.put("target_val.mask_mAP", targetValMask.mAP());
            }
            return m;
        }

        /**
         * As written in {@code summary.json} and adaptation states: {@code iteration} and one
         * {@link EvaluationResult#toJson()} object per non-null result under {@code source_val},
         * {@code target_val}, {@code source_val_mask}, {@code target_val_mask}.
         */
        public ObjectNode toJson() {
            ObjectMapper json = Configs.json();
            ObjectNode node = json.createObjectNode();
            node.put("iteration", iteration);
            String[] keys = {"source_val", "target_val", "source_val_mask", "target_val_mask"};
            EvaluationResult[] results = {sourceVal, targetVal, sourceValMask, targetValMask};
            try {
                for (int i = 0; i < keys.length; i++) {
                    if (results[i] != null) {
                        node.set(keys[i], json.readTree(results[i].toJson()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return node;
        }

        /** The inverse of {@link #toJson()}; null for a null or JSON-null node. */
        public static Evaluation fromJson(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            return new Evaluation(node.get("iteration").asInt(), result(node, "source_val"), result(node, "target_val"),
                    result(node, "source_val_mask"), result(node, "target_val_mask"));
        }

        private static EvaluationResult result(JsonNode node, String key) {
            JsonNode r = node.get(key);
            return r == null || r.isNull() ? null : EvaluationResult.fromJson(r);
        }
    }

    /**
     * Evaluates on source-val (and target-val, reported only) every {@code period} iterations
     * and after the last; keeps the checkpoint with the best source-val mAP (never target labels).
     */
    public static final class Evaluate implements TrainingLoop.Hook {
        private final DetectionDataset sourceVal;
        private final DetectionDataset targetVal;
        private final ImageTransform transform;
        private final int period;
        private final int end;
        private final int limit;
        private final MetricsWriter metrics;
        private final Path bestFile;
        private final TrainConfig config;
        private final List<String> classNames;
        private final Consumer<String> log;
        private Evaluation best;
        private double bestMap;
        private Evaluation last;
        private Supplier<FasterRcnn> evaluated;
        private int selectableFrom;

        public Evaluate(DetectionDataset sourceVal, DetectionDataset targetVal, ImageTransform transform, int period,
                        int end, int limit, MetricsWriter metrics, Path bestFile, TrainConfig config,
                        List<String> classNames, Consumer<String> log, double previousBestMap) {
            this.sourceVal = sourceVal;
            this.targetVal = targetVal;
            this.transform = transform;
            this.period = period;
            this.end = end;
            this.limit = limit;
            this.metrics = metrics;
            this.bestFile = bestFile;
            this.config = config;
            this.classNames = classNames;
            this.log = log;
            this.bestMap = previousBestMap;
        }

        /**
         * Evaluates (and keeps as the best) the detector {@code model} supplies at each
         * evaluation instead of the loop's (null: the loop's).
         */
        public Evaluate evaluating(Supplier<FasterRcnn> model) {
            this.evaluated = model;
            return this;
        }

        /** Evaluations of iterations before {@code iteration} are recorded but never become the best. */
        public Evaluate selectableFrom(int iteration) {
            this.selectableFrom = iteration;
            return this;
        }

        /** The detector evaluated now: {@link #evaluating}'s, else the loop's. */
        public FasterRcnn evaluatedModel(TrainingLoop loop) {
            return evaluated == null ? loop.model() : evaluated.get();
        }

        @Override
        public void afterStep(TrainingLoop loop, StepResult step) {
            int done = step.iteration() + 1;
            boolean last = done == end;
            if (last || (period > 0 && done % period == 0)) {
                evaluate(loop, last ? 0 : limit);
            }
        }

        /**
         * The evaluation after the last iteration, unless the last one was of it already (a
         * finished run resumed). A stop requested meanwhile ends it with a
         * {@link RunStoppedException}; the run is trained to the end, and resuming it evaluates it.
         */
        public void finish(TrainingLoop loop) {
            if (last != null && last.iteration() == loop.iteration()) {
                return;
            }
            try {
                evaluate(loop, 0);
            } catch (RunStoppedException e) {
                throw loop.stopRequest().stopped("during the final evaluation; the run is trained to its end (iteration "
                        + loop.iteration() + "): --resume evaluates it");
            }
        }

        /**
         * Makes the evaluation of the loop's iteration that a stop cut short in an earlier session
         * ({@link RunRecord#evaluationPending()}), as {@link #afterStep} would have.
         */
        public void evaluatePending(TrainingLoop loop) {
            try {
                evaluate(loop, loop.iteration() == end ? 0 : limit);
            } catch (RunStoppedException e) {
                throw loop.stopRequest().stopped("during the evaluation of iteration " + loop.iteration()
                        + " on resume (its checkpoint evaluates on resume again): continue it with --resume");
            }
        }

        /**
         * Evaluates the loop's detector now, on all images, without recording it (not in
         * metrics.jsonl, not a candidate for the best): e.g. a detector changed after training.
         * Stops between images when the loop's {@link StopRequest} is made ({@link RunStoppedException}).
         */
        public Evaluation measure(TrainingLoop loop) {
            return measure(loop, 0);
        }

        private Evaluation measure(TrainingLoop loop, int imageLimit) {
            DetectorRunner runner = new DetectorRunner(evaluatedModel(loop), transform, loop.manager())
                    .stopOn(loop.stopRequest());
            EvaluationResult[] source = score(runner, sourceVal, imageLimit, "eval-src");
            EvaluationResult[] target = targetVal == null ? new EvaluationResult[2]
                    : score(runner, targetVal, imageLimit, "eval-tgt");
            return new Evaluation(loop.iteration(), source[0], target[0], source[1], target[1]);
        }

        /**
         * Evaluates now and records it; {@code limit > 0} uses only the first images. Stops
         * between images when the loop's {@link StopRequest} is made ({@link RunStoppedException}).
         */
        public Evaluation evaluate(TrainingLoop loop, int imageLimit) {
            Evaluation e = measure(loop, imageLimit);
            EvaluationResult s = e.sourceVal();
            EvaluationResult t = e.targetVal();
            last = e;
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("iteration", loop.iteration());
            record.put("eval_images", imageLimit > 0 ? Math.min(imageLimit, sourceVal.size()) : sourceVal.size());
            record.putAll(e.asMetrics());
            metrics.write(record);
            boolean improved = loop.iteration() >= selectableFrom && s.mAP() > bestMap;
            log.accept(String.format(java.util.Locale.ROOT, "iteration %d: source-val mAP %.4f%s%s%s",
                    loop.iteration(), s.mAP(), t == null ? "" : String.format(java.util.Locale.ROOT, ", target-val mAP %.4f", t.mAP()),
                    maskSummary(e), improved ? " (best so far)" : ""));
            if (improved) {
                best = e;
                bestMap = s.mAP();
                saveCheckpoint(bestFile, loop, evaluatedModel(loop), config, classNames, e.asMetrics());
            }
            return e;
        }

        /** Box AP, and mask AP (else null) for a mask model on data with polygons. */
        private static EvaluationResult[] score(DetectorRunner runner, DetectionDataset data, int limit, String label) {
            DetectionDataset ds = limit > 0 ? data.limit(limit) : data;
            if (runner.hasMasks() && ds.hasPolygons()) {
                List<MaskDetection> masks = runner.detectMasks(ds, 0, label);
                List<Detection> dets = masks.stream().map(MaskDetection::detection).toList();
                return new EvaluationResult[] {Evaluators.evaluate(ds, dets, Metric.VOC07),
                    MaskVocEvaluator.evaluate(ds, masks, Metric.VOC07)};
            }
            List<Detection> dets = runner.detect(ds, 0, label);
            return new EvaluationResult[] {Evaluators.evaluate(ds, dets, Metric.VOC07), null};
        }

        private static String maskSummary(Evaluation e) {
            StringBuilder sb = new StringBuilder();
            if (e.sourceValMask() != null) {
                sb.append(String.format(java.util.Locale.ROOT, ", source-val mask mAP %.4f", e.sourceValMask().mAP()));
            }
            if (e.targetValMask() != null) {
                sb.append(String.format(java.util.Locale.ROOT, ", target-val mask mAP %.4f", e.targetValMask().mAP()));
            }
            return sb.toString();
        }

        /**
         * Continues a resumed run's model selection: its best evaluation so far (null when none),
         * the source-val mAP to beat, and its last evaluation (null when none).
         */
        public void restore(Evaluation previousBest, double previousBestMap, Evaluation previousLast) {
            this.best = previousBest;
            this.bestMap = previousBestMap;
            this.last = previousLast;
        }

        /** The source-val mAP a new evaluation must beat to become the best. */
        public double bestMap() {
            return bestMap;
        }

        /**
         * The best evaluation so far: of this session, or the one given to {@link #restore}
         * (null when none; a resumed source-only run starts without it).
         */
        public Evaluation best() {
            return best;
        }

        public Evaluation last() {
            return last;
        }
    }

    /**
     * Saves the run's last checkpoint every {@code period} iterations and after the last. Under a
     * {@link DivergenceGuard} it only ever sees healthy iterations, so every checkpoint it writes
     * is of a healthy run.
     */
    public static final class Checkpointing implements TrainingLoop.Hook {
        private final RunCheckpoint checkpoint;
        private final int period;
        private final int end;

        public Checkpointing(RunCheckpoint checkpoint, int period, int end) {
            this.checkpoint = checkpoint;
            this.period = period;
            this.end = end;
        }

        @Override
        public void afterStep(TrainingLoop loop, StepResult step) {
            int done = step.iteration() + 1;
            if (done == end || (period > 0 && done % period == 0)) {
                checkpoint.save(loop);
            }
        }
    }
}
