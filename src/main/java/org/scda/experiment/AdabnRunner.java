package org.scda.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.adabn.AdabnCheckpoint;
import org.scda.adapt.adabn.AdabnMethod;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.BatchNormAdaptation;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.data.Datasets;
import org.scda.engine.Checkpoints;
import org.scda.engine.Provenance;
import org.scda.util.ScdaException;

/**
 * The {@code adabn} runs of an experiment. AdaBN's training is source-only training (same
 * schedule, same seed, the same random numbers: the same weights to the byte), so when the
 * output folder holds a finished {@code source-only} run of the same scenario and seed whose
 * training config is the same (everything but {@code adapt:}, compared resolved, whatever the
 * variants are called) and which trained on as many engine threads as this process has
 * (another count rounds differently: same seed, other weights), the run takes that run's
 * evaluated checkpoint instead of training, gives it the BatchNorm statistics of
 * {@code adapt.adabnImages} target images as {@link AdabnMethod} does after training
 * ({@link AdabnCheckpoint}), evaluates it as every run is evaluated, and names that run in
 * {@link RunResult#reusedTraining()} and {@code summary.json}. Otherwise (none finished yet,
 * another config or thread count, or {@code adapt.modelSelection: last}, which a source-only
 * run does not select by) it trains through the {@link AdaptationRunner}. It names the
 * source-only runs of its experiment it would take ({@link #reusesFrom}), so that the experiment
 * runner lets it wait for one that another runner is training.
 */
public final class AdabnRunner implements MethodRunner {
    private final AdaptationRunner training;
    private final String gitCommit;

    /**
     * @param gitCommit the commit recorded in results
     */
    public AdabnRunner(String gitCommit) {
        this.training = new AdaptationRunner(AdabnMethod.NAME, gitCommit);
        this.gitCommit = gitCommit;
    }

    /**
     * A finished source-only run whose training an adabn run can take.
     *
     * @param runDir     its directory
     * @param checkpoint the checkpoint its result evaluated
     * @param result     its result
     */
    public record Trained(Path runDir, Path checkpoint, RunResult result) {
    }

    @Override
    public String method() {
        return AdabnMethod.NAME;
    }

    @Override
    public boolean supportsResume() {
        return true;
    }

    @Override
    public Optional<Map<String, Object>> recordedConfig(RunSpec spec) {
        return training.recordedConfig(spec); // a reused training records what its own would
    }

    /**
     * The source-only runs of {@code experiment} of the same scenario and seed whose training
     * config is {@code spec}'s (those {@link #find} would take once finished); none with
     * {@code adapt.modelSelection: last}. The thread count is not compared: runs of one
     * experiment share it.
     */
    @Override
    public List<RunSpec> reusesFrom(RunSpec spec, List<RunSpec> experiment) {
        AdaptConfig cfg;
        try {
            cfg = RunConfigs.adapt(spec);
        } catch (RuntimeException e) {
            return List.of(); // a config that cannot be resolved fails as its own run, when it is run
        }
        if (!AdaptSettings.SELECT_SOURCE_VAL.equals(cfg.adapt().modelSelection())) {
            return List.of();
        }
        Map<String, Object> mine = SourceOnlyRunner.configMap(cfg.train());
        SourceOnlyRunner sourceOnly = new SourceOnlyRunner(false, gitCommit);
        List<RunSpec> providers = new ArrayList<>();
        for (RunSpec other : experiment) {
            if (!SourceOnlyRunner.SOURCE_ONLY.equals(other.method()) || other.seed() != spec.seed()
                    || !other.scenarioId().equals(spec.scenarioId())) {
                continue;
            }
            try {
                Optional<Map<String, Object>> theirs = sourceOnly.recordedConfig(other);
                if (theirs.isPresent() && RunReuse.differences(mine, theirs.get()).isEmpty()) {
                    providers.add(other);
                }
            } catch (RuntimeException e) {
                // a run whose config cannot be resolved is no provider; it fails on its own when run
            }
        }
        return providers;
    }

    @Override
    public RunResult run(RunSpec spec, Path runDir, boolean resume, PrintStream log) throws IOException {
        AdaptConfig cfg = RunConfigs.adapt(spec);
        Optional<Trained> trained = find(spec, runDir, cfg, log);
        if (trained.isEmpty()) {
            return training.run(spec, runDir, resume, log);
        }
        if (Files.exists(runDir)) {
            ExperimentRunner.clear(runDir); // an interrupted training of this run is no longer needed
        }
        return reuse(spec, cfg, trained.get(), runDir, log);
    }

    /**
     * The finished source-only run beside {@code runDir} (same scenario and seed, any variant,
     * in name order) whose training config is {@code config}'s, if any; says in {@code log} why
     * a finished one of the seed is not taken.
     */
    static Optional<Trained> find(RunSpec spec, Path runDir, AdaptConfig config, PrintStream log) throws IOException {
        if (!AdaptSettings.SELECT_SOURCE_VAL.equals(config.adapt().modelSelection())) {
            return Optional.empty();
        }
        // runDir is OUT/SCENARIO/VARIANT/seedN (ExperimentRunner.runDir)
        Path scenarioDir = runDir.toAbsolutePath().getParent().getParent();
        if (!Files.isDirectory(scenarioDir)) {
            return Optional.empty();
        }
        List<Path> variants;
        try (Stream<Path> list = Files.list(scenarioDir)) {
            variants = list.filter(Files::isDirectory).sorted().toList();
        }
        String seedDir = runDir.getFileName().toString();
        for (Path variant : variants) {
            Path dir = variant.resolve(seedDir);
            if (!ExperimentRunner.finished(dir)) {
                continue;
            }
            RunResult other;
            try {
                other = RunResult.read(dir);
            } catch (ScdaException e) {
                continue;
            }
            if (!SourceOnlyRunner.SOURCE_ONLY.equals(other.method()) || other.seed() != spec.seed()
                    || !spec.scenarioId().equals(other.scenario())) {
                continue;
            }
            List<String> differences = RunReuse.differences(SourceOnlyRunner.configMap(config.train()), other.config());
            if (!differences.isEmpty()) {
                log.println("run " + spec.id() + ": not reusing the training of " + other.run()
                        + ": its training config differs in " + String.join(", ", differences));
                continue;
            }
            String threads = System.getProperty(ParallelJobs.THREADS_PROPERTY, "default");
            Object theirThreads = other.versions().get("threads");
            if (!threads.equals(String.valueOf(theirThreads))) {
                // measured: the same seed on 1 and on 2 engine threads ends with other weights
                log.println("run " + spec.id() + ": not reusing the training of " + other.run() + ": it trained on "
                        + theirThreads + " engine threads, this process has " + threads);
                continue;
            }
            Path checkpoint;
            try {
                checkpoint = Checkpoints.resolve(dir);
                if (Checkpoints.iteration(checkpoint) != other.selectedIteration()) {
                    log.println("run " + spec.id() + ": not reusing the training of " + other.run() + ": "
                            + checkpoint.getFileName() + " is not of the evaluated iteration "
                            + other.selectedIteration());
                    continue;
                }
            } catch (ScdaException e) {
                log.println("run " + spec.id() + ": not reusing the training of " + other.run() + ": "
                        + e.getMessage());
                continue;
            }
            return Optional.of(new Trained(dir, checkpoint, other));
        }
        return Optional.empty();
    }

    /** AdaBN on {@code trained}'s checkpoint into {@code runDir}, evaluated; the run's result. */
    private RunResult reuse(RunSpec spec, AdaptConfig config, Trained trained, Path runDir, PrintStream log)
            throws IOException {
        long start = System.nanoTime();
        RunResult source = trained.result();
        log.printf("run %s: reusing the training of %s (finished, the same training config): AdaBN on its %s"
                + " (iteration %d)%n", spec.id(), source.run(), trained.checkpoint().getFileName(),
                source.selectedIteration());
        AdaptSettings adapt = config.adapt();
        Path file = runDir.resolve(AdabnMethod.CHECKPOINT);
        Files.createDirectories(runDir);
        BatchNormAdaptation.Result bn = AdabnCheckpoint.write(trained.checkpoint(), Datasets.load(adapt.target()),
                adapt.adabnImageCount(), file);
        RunEvaluation.Outcome eval = RunEvaluation.evaluate(runDir, file, spec.scenario(), null, log);
        double wall = (System.nanoTime() - start) / 1e9;
        RunResult r = SourceOnlyRunner.result(spec, config.train(), source.iterations(), source.skippedSteps(), wall,
                0, eval, gitCommit);
        writeSummary(runDir, config, trained, bn, eval, wall);
        return AdaptationRunner.withAdaptSection(r, config, AdabnMethod.NAME, "model selection: "
                + AdaptSettings.SELECT_SOURCE_VAL + " (target labels never used), in the reused training of "
                + source.run() + "; AdaBN from " + bn.images() + " target images").withReusedTraining(source.run());
    }

    private static void writeSummary(Path runDir, AdaptConfig config, Trained trained, BatchNormAdaptation.Result bn,
                                     RunEvaluation.Outcome eval, double wall) throws IOException {
        var json = Configs.json();
        ObjectNode root = json.createObjectNode();
        root.put("command", "adapt");
        root.put("method", AdaptationMethods.named(AdabnMethod.NAME).description());
        root.put("reused_training", trained.result().run());
        root.put("reused_checkpoint", trained.checkpoint().toString());
        root.put("adabn_images", bn.images());
        root.put("batch_norm_layers", bn.layers());
        root.put("seed", config.train().seed());
        root.put("iterations", trained.result().iterations());
        root.put("model_selection", AdaptSettings.SELECT_SOURCE_VAL);
        root.put(Checkpoints.SELECTED_KEY, AdabnMethod.CHECKPOINT);
        root.put("selected_iteration", eval.iteration());
        root.put("source_val_mAP", eval.sourceVal().mAP());
        root.put("target_val_mAP", eval.targetVal().mAP());
        root.put("wall_seconds", wall);
        root.set("provenance", json.valueToTree(Provenance.collect()));
        ObjectNode cfg = json.valueToTree(config.train());
        cfg.set(AdaptConfig.SECTION, config.adapt().treeFor(AdaptationMethods.named(AdabnMethod.NAME)));
        root.set("config", cfg);
        Files.writeString(runDir.resolve("summary.json"), json.writeValueAsString(root));
    }
}
