package org.scda.engine;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.data.DetectionDataset;
import org.scda.data.transform.ImageTransform;
import org.scda.util.ScdaException;

/**
 * A source-only training run (what {@code scda train} does): load the datasets, build the
 * detector, train with logging, periodic evaluation (best checkpoint by source-val mAP) and
 * checkpoints, evaluate at the end, write {@code summary.json}. Outputs in the run directory:
 * {@code config.yaml}, {@code metrics.jsonl}, {@code model_best.ckpt}, {@code model_last.ckpt},
 * {@code summary.json}.
 *
 * <p>The run's life ({@link RunDirectory}, {@link ResumeSettings}, {@link DivergenceGuard},
 * {@link StopRequest}): a resumed run continues its checkpoint's counters, divergence window and
 * settings record, and refuses other settings unless {@link #allowSettingsChanges}; a diverged
 * iteration rolls back to the last (healthy) checkpoint or ends the run with a one-line
 * {@link ScdaException}; a stop request ends it between iterations with the checkpoint of the
 * last one ({@link RunStoppedException}).
 */
public final class SourceOnlyTraining {
    private final TrainConfig config;
    private final Path outDir;
    private final boolean resume;
    private final PrintStream log;
    private boolean allowSettingsChanges;
    private StopRequest stop = new StopRequest();

    public SourceOnlyTraining(TrainConfig config, Path outDir, boolean resume, PrintStream log) {
        this.config = config;
        this.outDir = outDir;
        this.resume = resume;
        this.log = log;
    }


    /**
     * Resumed runs whose settings differ from their checkpoint's continue with the new settings
     * and record each change (else they are refused, naming each difference).
     */
    public SourceOnlyTraining allowSettingsChanges(boolean allow) {
        this.allowSettingsChanges = allow;
        return this;
    }

    /** Stops between iterations (and evaluated images) once {@code request} is made. */
    public SourceOnlyTraining stopOn(StopRequest request) {
        this.stop = request;
        return this;
    }

    /**
     * Trains (or resumes) the run.
     *
     * @throws DeviceUnavailableException when the config's device cannot be had (before anything is loaded or written)
     * @throws ScdaException        a one-line reason when it cannot start or diverged beyond rollback
     * @throws RunStoppedException  when stopped on request (the checkpoint of the last iteration written)
     */
    public TrainSummary run() throws IOException {
        long start = System.nanoTime();
        Devices.require(config.device());
        boolean resuming = RunDirectory.prepare(outDir, resume, log::println);
        Path lastFile = outDir.resolve(Checkpoints.LAST);
        List<SettingsChange> changes = List.of();
        int resumedAt = -1;
        if (resuming) {
            Checkpoint trainedWith = Checkpoints.readMeta(lastFile);
            resumedAt = trainedWith.iteration();
            changes = ResumeSettings.reconcile(outDir, Configs.json().valueToTree(trainedWith.config()),
                    Configs.json().valueToTree(config), trainedWith.iteration(), trainedWith.run().settingsChanges(),
                    allowSettingsChanges);
        }
        log.println("loading " + config.data().source());
        RunSetup.Data data = RunSetup.Data.load(config);
        DetectionDataset source = data.source();
        ResumeSettings.writeConfigFile(outDir, Configs.toYaml(config), changes);

        int end = config.solver().iterations();
        try (NDManager manager = RunSetup.manager(config)) {
            RunSetup.Detector detector = RunSetup.detector(config, source.numClasses(), manager, log::println);
            ImageTransform transform = detector.transform();
            double previousBest = Double.NEGATIVE_INFINITY;
            Path bestFile = outDir.resolve(Checkpoints.BEST);
            if (resuming && Files.isRegularFile(bestFile)) {
                previousBest = Checkpoints.readMeta(bestFile).metrics()
                        .getOrDefault("source_val.mAP", Double.NEGATIVE_INFINITY);
            }
            try (MetricsWriter metrics = new MetricsWriter(outDir.resolve("metrics.jsonl"), resuming)) {
                Hooks.Evaluate evaluate = new Hooks.Evaluate(data.sourceVal(), data.targetVal(), transform,
                        config.evalPeriod(), end, config.data().valLimit(), metrics, bestFile, config,
                        source.classNames(), log::println, previousBest);
                DetectorCheckpoint checkpoint = new DetectorCheckpoint(lastFile, config, source.classNames(),
                        resumedAt);
                // evaluation before the checkpoint: a stop during an evaluation leaves the checkpoint before it
                TrainingLoop loop = new TrainingLoop(detector.model(), manager, detector.optimizer(),
                        LrSchedule.of(config.solver()), TrainingImages.of(source, transform, config.model().input()),
                        new Random(config.seed()), List.of(new Hooks.Logging(metrics, config.logPeriod(), end), evaluate,
                        new Hooks.Checkpointing(checkpoint, config.checkpointPeriod(), end)))
                        .guardDivergence(new DivergenceGuard(config.divergence()), checkpoint, () -> 0, log::println)
                        .stopOn(stop);
                if (resuming) {
                    Checkpoint ck = RunSetup.restore(lastFile, loop);
                    log.println("resuming " + outDir + " at iteration " + ck.iteration());
                    changes.stream().filter(c -> c.iteration() == ck.iteration())
                            .forEach(c -> log.println("settings changed: " + c.describe()));
                }
                loop.setSettingsChanges(changes);
                if (loop.runRecord().evaluationPending()) {
                    evaluate.evaluatePending(loop);
                }
                long trainStart = System.nanoTime();
                log.printf("training %s on %s (%d images, %d classes) for %d iterations -> %s%n",
                        config.model().backbone(), source.name(), source.size(), source.numClasses(), end, outDir);
                loop.run(end);
                double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
                evaluate.finish(loop);
                TrainSummary summary = new TrainSummary(outDir, evaluate.best(), evaluate.last(), loop.iteration(),
                        loop.skippedSteps(), (System.nanoTime() - start) / 1e9, trainSeconds, loop.rollbacks(),
                        changes);
                writeSummary(summary, loop);
                return summary;
            }
        }
    }

    private void writeSummary(TrainSummary s, TrainingLoop loop) throws IOException {
        var json = Configs.json();
        ObjectNode root = json.createObjectNode();
        root.put("command", "train");
        root.put("seed", config.seed());
        root.put("iterations", s.iterations());
        root.put("skipped_steps", s.skippedSteps());
        LifecycleJson.put(root, loop, s.settingsChanges());
        root.put("wall_seconds", s.wallSeconds());
        root.put("train_seconds", s.trainSeconds());
        root.put("model_selection", "best source-val mAP@0.5 (VOC07); target labels never used for selection");
        root.set("best", evaluationJson(s.best()));
        root.set("last", evaluationJson(s.last()));
        root.put("peak_rss_mb", Provenance.peakRssMb());
        root.set("provenance", json.valueToTree(Provenance.collect()));
        root.set("config", json.valueToTree(config));
        Files.writeString(outDir.resolve("summary.json"), json.writeValueAsString(root));
    }

    private static ObjectNode evaluationJson(Hooks.Evaluation e) {
        return e == null ? org.scda.config.Configs.json().createObjectNode() : e.toJson();
    }




    /** A metrics map of a summary, for printing. */
    public static Map<String, Double> headline(TrainSummary s) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (s.best() != null) {
            m.putAll(s.best().asMetrics());
        }
        return m;
    }
}
