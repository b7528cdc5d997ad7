package org.scda.adapt.core;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.scda.config.TrainConfig;
import org.scda.data.Datasets;
import org.scda.data.DetectionDataset;
import org.scda.data.transform.ImageTransform;
import org.scda.engine.Checkpoint;
import org.scda.engine.Checkpoints;
import org.scda.engine.Devices;
import org.scda.engine.DivergenceGuard;
import org.scda.engine.Hooks;
import org.scda.engine.LifecycleJson;
import org.scda.engine.LrSchedule;
import org.scda.engine.MetricsWriter;
import org.scda.engine.Provenance;
import org.scda.engine.ResumeSettings;
import org.scda.engine.RunDirectory;
import org.scda.engine.RunSetup;
import org.scda.engine.RunStoppedException;
import org.scda.engine.SettingsChange;
import org.scda.engine.SourceOnlyTraining;
import org.scda.engine.StopRequest;
import org.scda.engine.TrainingImages;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;
import org.scda.util.ScdaException;

/**
 * An adaptation run (what {@code scda adapt} does), the same for every {@link AdaptationMethod}:
 * the detector of {@link SourceOnlyTraining} trained by the same {@link TrainingLoop} and hooks,
 * with the method's step as its iteration (labelled source + unlabelled target image after a
 * source-only warm-up, see {@link TwoDomainStep}) and its modules checkpointed, rolled back and
 * resumed with the detector. Model selection never reads target labels: the best source-val
 * checkpoint or the last iteration ({@link AdaptSettings#modelSelection()}); target-val is
 * evaluated for reporting only; the method may then work on the selected detector
 * ({@link AdaptationMethod#afterTraining}). Outputs in the run directory: {@code config.yaml},
 * {@code metrics.jsonl}, {@code model_best.ckpt}, {@code model_last.ckpt},
 * {@code alignment_last.params} (and {@code alignment_prev.params}), the method's pictures,
 * {@code summary.json}.
 *
 * <p>A run resumes ({@code resume} set) from its last checkpoint, the pair
 * {@code model_last.ckpt} (detector weights, its optimiser's state, iteration, the loop's RNG
 * that draws images, flips and RoI samples, the run record) and {@link AdaptationState} (the
 * method's modules, their optimisers' state and random generators, the counters, the best and
 * last evaluation for model selection). Resumed, it trains exactly as the uninterrupted run
 * would have (same weights at the end) and appends to {@code metrics.jsonl}. Changed settings
 * are refused, naming each, unless {@link #allowSettingsChanges}. A diverging run rolls back to
 * its last healthy checkpoint ({@link DivergenceGuard}); a stop request ends it with a checkpoint
 * ({@link RunStoppedException}). The summary's timing medians and picture count cover the last
 * session only.
 */
public final class AdaptationTraining {
    private final AdaptationMethod method;
    private final AdaptConfig config;
    private final Path outDir;
    private final boolean resume;
    private final PrintStream log;
    private int stopAfter = Integer.MAX_VALUE;
    private boolean allowSettingsChanges;
    private StopRequest stop = new StopRequest();

    /**
     * @param method the method named by {@code config}'s {@code adapt.method}
     * @param resume continue the run in {@code outDir} from its last checkpoint (a directory
     *               without one starts from scratch); false refuses a directory that holds a run
     * @throws IllegalArgumentException when the config names another method or its settings are
     *                                  wrong for the method (before anything is loaded or written)
     */
    public AdaptationTraining(AdaptationMethod method, AdaptConfig config, Path outDir, boolean resume,
                              PrintStream log) {
        if (!method.name().equals(config.adapt().method())) {
            throw new IllegalArgumentException("the config's adapt.method is '" + config.adapt().method()
                    + "', not " + method.name());
        }
        config.adapt().checkFor(method);
        this.method = method;
        this.config = config;
        this.outDir = outDir;
        this.resume = resume;
        this.log = log;
    }

    /**
     * Stops after {@code iterations} as if the process had died there (no final evaluation, no
     * summary; {@link #run()} returns null): for tests of resuming.
     */
    AdaptationTraining interruptAfter(int iterations) {
        this.stopAfter = iterations;
        return this;
    }

    /**
     * Resumed runs whose settings differ from their checkpoint's continue with the new settings
     * and record each change (else they are refused, naming each difference).
     */
    public AdaptationTraining allowSettingsChanges(boolean allow) {
        this.allowSettingsChanges = allow;
        return this;
    }

    /** Stops between iterations (and evaluated images) once {@code request} is made. */
    public AdaptationTraining stopOn(StopRequest request) {
        this.stop = request;
        return this;
    }

    /**
     * Trains (or resumes) the run; null when stopped by {@link #interruptAfter}.
     *
     * @throws org.scda.engine.DeviceUnavailableException when the config's device cannot be had (before anything is loaded or written)
     * @throws ScdaException        a one-line reason when it cannot start or diverged beyond rollback
     * @throws RunStoppedException  when stopped on request (the checkpoint of the last iteration written)
     */
    public AdaptSummary run() throws IOException {
        long start = System.nanoTime();
        TrainConfig train = config.train();
        AdaptSettings adapt = config.adapt();
        Devices.require(train.device());
        boolean resuming = RunDirectory.prepare(outDir, resume, log::println);
        Path lastFile = outDir.resolve(Checkpoints.LAST);
        List<SettingsChange> changes = List.of();
        if (resuming) {
            Checkpoint detector = Checkpoints.readMeta(lastFile);
            AdaptationState.Progress trainedWith = AdaptationState.progress(outDir, detector.iteration());
            changes = ResumeSettings.reconcile(outDir, AdaptConfig.parseYaml(trainedWith.config()).toTree(),
                    config.toTree(), detector.iteration(), detector.run().settingsChanges(), allowSettingsChanges);
        }
        log.println("loading " + train.data().source() + " and " + adapt.target());
        RunSetup.Data data = RunSetup.Data.load(train);
        DetectionDataset source = data.source();
        DetectionDataset target = Datasets.load(adapt.target());
        String configText = config.toYaml();
        if (!resuming || !changes.isEmpty()) {
            ResumeSettings.writeConfigFile(outDir, configText, changes);
        }

        int end = train.solver().iterations();
        int warmup = method.trainsWithTarget() ? adapt.warmupIterations(end) : end;
        try (NDManager manager = RunSetup.manager(train)) {
            RunSetup.Detector detector = RunSetup.detector(train, source.numClasses(), manager, log::println);
            FasterRcnn model = detector.model();
            ImageTransform transform = detector.transform();
            boolean flip = train.model().input().flip();
            // model.input.augment applies to the labelled source images; target images are not augmented
            TrainingImages sourceImages = TrainingImages.of(source, transform, train.model().input());
            UnlabelledImages targetImages = new UnlabelledImages(target, transform, flip);
            AdaptationContext context = new AdaptationContext(train, adapt, model, manager, source, target,
                    sourceImages, targetImages, transform, warmup, outDir, log, null, null);
            AdaptationPlan plan = method.plan(context);
            try (AutoCloseable resources = plan.resources();
                 MetricsWriter metrics = new MetricsWriter(outDir.resolve("metrics.jsonl"), resuming)) {
                AdaptationModules modules = plan.modules();
                Hooks.Evaluate evaluate = new Hooks.Evaluate(data.sourceVal(), data.targetVal(), transform,
                        train.evalPeriod(), end,
                        train.data().valLimit(), metrics, outDir.resolve(Checkpoints.BEST), train,
                        source.classNames(), log::println, Double.NEGATIVE_INFINITY)
                        .evaluating(plan.evaluated()).selectableFrom(plan.selectableFrom());
                AdaptationHooks.AdaptationCheckpoint checkpoint = new AdaptationHooks.AdaptationCheckpoint(outDir,
                        train, source.classNames(), modules, evaluate, configText);
                AdaptationHooks.Timing timing = new AdaptationHooks.Timing(warmup);
                List<TrainingLoop.Hook> hooks = new ArrayList<>(List.of(new Hooks.Logging(metrics, train.logPeriod(),
                        end), timing, evaluate, new Hooks.Checkpointing(checkpoint, train.checkpointPeriod(), end)));
                if (adapt.diagnoseGradientsEvery() > 0 && plan.step() instanceof GradientDiagnostics.Source diagnosed) {
                    hooks.add(1, new AdaptationHooks.Diagnostics(diagnosed, metrics));
                }
                // evaluation before the checkpoint, so that a checkpoint records its iteration's evaluation
                TrainingLoop loop = new TrainingLoop(model, manager, detector.optimizer(), LrSchedule.of(train.solver()),
                        sourceImages, new Random(train.seed()), hooks, plan.step())
                        .guardDivergence(new DivergenceGuard(train.divergence()), checkpoint, modules::skippedUpdates,
                                log::println)
                        .stopOn(stop);
                boolean evaluationPending = false;
                if (resuming) {
                    evaluationPending = resumeFrom(lastFile, loop, modules, evaluate, checkpoint);
                    changes.stream().filter(c -> c.iteration() == loop.iteration())
                            .forEach(c -> log.println("settings changed: " + c.describe()));
                }
                loop.setSettingsChanges(changes);
                if (evaluationPending) {
                    evaluate.evaluatePending(loop);
                }
                log.printf("adapting %s from %s (%d images) to %s (%d images), %s, %d iterations (%d source-only)"
                                + " -> %s%n", train.model().backbone(), source.name(), source.size(), target.name(),
                        target.size(), describe(plan), end, warmup, outDir);
                long trainStart = System.nanoTime();
                loop.run(Math.min(end, stopAfter));
                if (loop.iteration() < end) {
                    return null;
                }
                double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
                evaluate.finish(loop);
                boolean byLast = AdaptSettings.SELECT_LAST.equals(adapt.modelSelection()) || evaluate.best() == null;
                AdaptationResult selected = new AdaptationResult(outDir.resolve(byLast ? Checkpoints.LAST
                        : Checkpoints.BEST), byLast ? evaluate.last() : evaluate.best());
                AdaptationResult reported = method.afterTraining(context.withLoop(loop, evaluate), selected);
                AdaptSummary summary = new AdaptSummary(outDir, byLast ? AdaptSettings.SELECT_LAST
                        : AdaptSettings.SELECT_SOURCE_VAL, reported.evaluation(), reported.checkpoint(),
                        evaluate.best(), evaluate.last(), loop.iteration(), warmup, loop.skippedSteps(),
                        modules.skippedUpdates(), loop.rollbacks(), timing.medianAlignedMs(),
                        timing.medianWarmupMs(), (System.nanoTime() - start) / 1e9, trainSeconds,
                        plan.pictures().get(), changes);
                writeSummary(summary, loop, plan);
                return summary;
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("closing " + method.name() + "'s modules: " + e.getMessage(), e);
            }
        }
    }

    /** The method and what its plan says of itself (e.g. the region preset), for the log line. */
    private String describe(AdaptationPlan plan) {
        Object preset = plan.summaryFields().get("preset");
        return preset == null ? method.description() : method.name() + " " + preset;
    }

    /**
     * Restores the loop, modules and hooks from the checkpoint pair in the run directory; returns
     * whether the checkpoint's evaluation is still to be made.
     */
    private boolean resumeFrom(Path lastFile, TrainingLoop loop, AdaptationModules modules, Hooks.Evaluate evaluate,
                               AdaptationHooks.AdaptationCheckpoint checkpoint) throws IOException {
        Checkpoint ck = RunSetup.restore(lastFile, loop);
        AdaptationState.Progress progress = AdaptationState.load(outDir, ck.iteration(), modules);
        // the adaptation state's counters hold for pairs written before checkpoints kept a run record
        loop.restoreSkippedSteps(progress.skippedSteps());
        loop.restoreRollbacks(progress.rollbacks());
        modules.restoreSkippedUpdates(progress.skippedAlignmentUpdates());
        modules.zeroGradients();
        evaluate.restore(progress.best(), progress.bestMap(), progress.last());
        checkpoint.resumedAt(ck.iteration());
        log.println("resuming " + outDir + " at iteration " + ck.iteration());
        return ck.run().evaluationPending();
    }

    /** The summary's field with the phases' ms per iteration ({@link org.scda.engine.PhaseTimes}). */
    public static final String PHASES_FIELD = "phase_ms_per_iteration";

    private void writeSummary(AdaptSummary s, TrainingLoop loop, AdaptationPlan plan) throws IOException {
        var json = org.scda.config.Configs.json();
        ObjectNode root = json.createObjectNode();
        root.put("command", "adapt");
        root.put("method", method.description());
        for (Map.Entry<String, Object> e : plan.summaryFields().entrySet()) {
            root.set(e.getKey(), json.valueToTree(e.getValue()));
        }
        root.put("seed", config.train().seed());
        root.put("iterations", s.iterations());
        root.put("warmup_iterations", s.warmupIterations());
        root.put("skipped_steps", s.skippedSteps());
        root.put("skipped_alignment_updates", s.skippedAlignmentUpdates());
        LifecycleJson.put(root, loop, s.settingsChanges());
        root.put("median_aligned_iteration_ms", s.medianAlignedMs());
        root.put("median_warmup_iteration_ms", s.medianWarmupMs());
        // mean ms per iteration of each regime, phase by phase (this session's iterations)
        root.set(PHASES_FIELD, json.valueToTree(loop.phases().perIterationMs()));
        root.put("wall_seconds", s.wallSeconds());
        root.put("train_seconds", s.trainSeconds());
        root.put("model_selection", s.modelSelection());
        root.put("model_selection_note", AdaptSettings.SELECT_LAST.equals(s.modelSelection())
                ? "the last iteration; target labels never used for selection"
                : "best source-val mAP@0.5 (VOC07); target labels never used for selection");
        root.put(org.scda.engine.Checkpoints.SELECTED_KEY, s.selectedCheckpoint().getFileName().toString());
        ObjectNode selected = evaluationJson(s.selected());
        root.set("selected", selected);
        if (s.selected() != null) {
            root.put("source_val_mAP", s.selected().sourceVal().mAP());
            if (s.selected().targetVal() != null) {
                root.put("target_val_mAP", s.selected().targetVal().mAP());
            }
        }
        root.set("best", evaluationJson(s.best()));
        root.set("last", evaluationJson(s.last()));
        root.put("pictures", s.pictures().size());
        root.put("peak_rss_mb", Provenance.peakRssMb());
        root.set("provenance", json.valueToTree(Provenance.collect()));
        ObjectNode cfg = json.valueToTree(config.train());
        cfg.set(AdaptConfig.SECTION, config.adapt().treeFor(method));
        root.set("config", cfg);
        Files.writeString(outDir.resolve("summary.json"), json.writeValueAsString(root));
    }

    private static ObjectNode evaluationJson(Hooks.Evaluation e) {
        return e == null ? org.scda.config.Configs.json().createObjectNode() : e.toJson();
    }
}
