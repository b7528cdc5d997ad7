package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;

/**
 * Which finished source-only run an adabn run may take, decided from result files alone: the
 * training config as {@code result.json} records it compares equal to the adabn run's own (and
 * unequal, naming the key, when one setting differs); a run trained on another engine thread
 * count is not taken.
 */
class AdabnRunnerFindTest {
    @TempDir
    Path out;

    private final RunSpec adabn = Fixtures.spec("foggy", "adabn", "adabn", 1);
    private final RunSpec sourceOnly = Fixtures.spec("foggy", "source-only", "source-only", 1);

    /** A finished source-only run's result.json with {@code config} and trained on {@code threads}. */
    private RunResult writeSourceOnly(TrainConfig config, String threads) throws Exception {
        RunResult r = Fixtures.result(sourceOnly, 0.5, Map.of("car", 0.5), 10);
        RunResult withProvenance = new RunResult(r.run(), r.scenario(), r.variant(), r.label(), r.method(), r.seed(),
                r.iterations(), r.skippedSteps(), r.wallSeconds(), r.trainSeconds(), r.gitCommit(),
                Map.of("threads", threads), Configs.json().convertValue(Configs.json().valueToTree(config),
                new TypeReference<Map<String, Object>>() { }), r.datasets(), r.selection(), r.selectedIteration(),
                r.targetVal(), r.sourceVal(), r.prCurves(), r.finishedAt());
        withProvenance.write(ExperimentRunner.runDir(out, sourceOnly));
        return RunResult.read(ExperimentRunner.runDir(out, sourceOnly));
    }

    @Test
    void theRecordedConfigOfTheSameTrainingDiffersNowhereAndAnotherAugmentIsNamed() throws Exception {
        TrainConfig adabnTraining = RunConfigs.adapt(adabn).train();
        TrainConfig sourceOnlyTraining = RunConfigs.train(sourceOnly, sourceOnly.scenario().source());

        RunResult same = writeSourceOnly(sourceOnlyTraining, "default");
        assertThat(RunReuse.differences(SourceOnlyRunner.configMap(adabnTraining), same.config())).isEmpty();

        RunResult strong = writeSourceOnly(Configs.withOverrides(sourceOnlyTraining,
                Map.of("model.input.augment", "strong")), "default");
        assertThat(RunReuse.differences(SourceOnlyRunner.configMap(adabnTraining), strong.config())).containsExactly("model.input.augment");
    }

    @Test
    void aTrainingOnAnotherEngineThreadCountIsNotTaken() throws Exception {
        writeSourceOnly(RunConfigs.train(sourceOnly, sourceOnly.scenario().source()), "7");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertThat(AdabnRunner.find(adabn, ExperimentRunner.runDir(out, adabn), RunConfigs.adapt(adabn),
                new PrintStream(log, true, StandardCharsets.UTF_8))).isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("not reusing the training of " + sourceOnly.id()
                + ": it trained on 7 engine threads");
    }

    @Test
    void theSourceOnlyRunsItWouldTakeAreThoseOfItsScenarioSeedAndTrainingConfig() {
        RunSpec other = new RunSpec(RunSpec.id("foggy", "so-strong", 1), "foggy", sourceOnly.scenario(), "so-strong",
                new VariantSpec("so-strong", "source-only", null, Map.of("model.input.augment", "strong")), 1, 10,
                null, Map.of("model.input.augment", "strong"));
        List<RunSpec> experiment = List.of(Fixtures.spec("foggy", "oracle", "oracle", 1), other,
                Fixtures.spec("foggy", "source-only", "source-only", 2), Fixtures.spec("sim2real", "source-only",
                "source-only", 1), sourceOnly, adabn);
        AdabnRunner runner = new AdabnRunner("test");
        assertThat(runner.reusesFrom(adabn, experiment)).containsExactly(sourceOnly);
        RunSpec last = new RunSpec(RunSpec.id("foggy", "adabn-last", 1), "foggy", sourceOnly.scenario(), "adabn-last",
                new VariantSpec("adabn-last", "adabn", null, Map.of()), 1, 10, null,
                Map.of("adapt.modelSelection", "last"));
        assertThat(runner.reusesFrom(last, experiment)).as("a source-only run does not select by the last iteration")
                .isEmpty();
    }
}
