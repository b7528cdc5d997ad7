package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.core.AdaptConfig;
import org.scda.config.Configs;
import org.scda.engine.Checkpoints;
import org.scda.testing.OneEngineThread;

/**
 * Resuming a run with other settings than it was trained with: refused by {@code --resume} with
 * every difference named, taken and recorded (setting, values, iteration) in {@code config.yaml}
 * and {@code summary.json} by {@code --resume-with-changes}.
 */
@Tag("engine")
class ResumeChangesTest {
    @TempDir
    static Path data;
    static TinyRuns runs;

    @BeforeAll
    static void datasets() throws Exception {
        OneEngineThread.use();
        runs = new TinyRuns(data, 2);
    }

    @Test
    void trainResumeRefusesChangedSettingsAndRecordsThemWhenAllowed(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        assertThat(runs.run(runs.train(TinyRuns.config(dir, "four", 4, 2, ""), runDir, "--seed", "7", "--lr", "0.01"))).as(runs.err())
                .isZero();
        String configBefore = Files.readString(runDir.resolve("config.yaml"));
        Path eight = TinyRuns.config(dir, "eight", 8, 2, "");

        assertThat(runs.run(runs.train(eight, runDir, "--seed", "5", "--lr", "0.5", "--resume"))).isEqualTo(1);
        TinyRuns.assertOneLine(runs.err());
        assertThat(runs.err()).contains("seed 7 -> 5", "solver.baseLr 0.01 -> 0.5", "solver.iterations 4 -> 8",
                "--resume-with-changes");
        assertThat(Files.readString(runDir.resolve("config.yaml"))).isEqualTo(configBefore);
        assertThat(Checkpoints.iteration(runDir.resolve(Checkpoints.LAST))).isEqualTo(4);

        assertThat(runs.run(runs.train(eight, runDir, "--seed", "5", "--lr", "0.5", "--resume-with-changes")))
                .as(runs.err()).isZero();
        JsonNode summary = TinyRuns.json(runDir.resolve("summary.json"));
        assertThat(summary.get("iterations").asInt()).isEqualTo(8);
        JsonNode seed = change(summary, "seed");
        assertThat(seed.get("iteration").asInt()).isEqualTo(4);
        assertThat(seed.get("from").asLong()).isEqualTo(7);
        assertThat(seed.get("to").asLong()).isEqualTo(5);
        JsonNode lr = change(summary, "solver.baseLr");
        assertThat(lr.get("iteration").asInt()).isEqualTo(4);
        assertThat(lr.get("from").asDouble()).isEqualTo(0.01);
        assertThat(lr.get("to").asDouble()).isEqualTo(0.5);
        String yaml = Files.readString(runDir.resolve("config.yaml"));
        assertThat(yaml).contains("iteration 4: seed 7 -> 5", "iteration 4: solver.baseLr 0.01 -> 0.5");
        assertThat(Configs.load(runDir.resolve("config.yaml")).seed()).as("config.yaml stays loadable").isEqualTo(5);

        // the same settings again: nothing new to record, the earlier changes kept
        assertThat(runs.run(runs.train(eight, runDir, "--seed", "5", "--lr", "0.5", "--resume"))).as(runs.err()).isZero();
        assertThat(TinyRuns.json(runDir.resolve("summary.json")).get("settings_changes")).hasSize(3);
    }

    @Test
    void adaptResumeNamesEachChangedSettingAndRecordsThemWhenAllowed(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        assertThat(runs.run(runs.adapt(TinyRuns.config(dir, "four", 4, 2, TinyRuns.ADAPT), runDir, "--seed", "7"))).as(runs.err()).isZero();
        Path eight = TinyRuns.config(dir, "eight", 8, 2, TinyRuns.ADAPT);

        assertThat(runs.run(runs.adapt(eight, runDir, "--seed", "5", "--lambda", "0.5", "--resume"))).isEqualTo(1);
        TinyRuns.assertOneLine(runs.err());
        assertThat(runs.err()).contains("seed 7 -> 5", "adapt.lambda 0.1 -> 0.5", "--resume-with-changes");

        assertThat(runs.run(runs.adapt(eight, runDir, "--seed", "5", "--lambda", "0.5", "--resume-with-changes")))
                .as(runs.err()).isZero();
        JsonNode summary = TinyRuns.json(runDir.resolve("summary.json"));
        assertThat(summary.get("iterations").asInt()).isEqualTo(8);
        assertThat(change(summary, "seed").get("iteration").asInt()).isEqualTo(4);
        assertThat(change(summary, "adapt.lambda").get("to").asDouble()).isEqualTo(0.5);
        String yaml = Files.readString(runDir.resolve("config.yaml"));
        assertThat(yaml).contains("iteration 4: seed 7 -> 5", "iteration 4: adapt.lambda 0.1 -> 0.5");
        assertThat(AdaptConfig.load(runDir.resolve("config.yaml")).adapt().lambda()).isEqualTo(0.5);
    }

    private static JsonNode change(JsonNode summary, String setting) {
        for (JsonNode c : summary.get("settings_changes")) {
            if (c.get("setting").asText().equals(setting)) {
                return c;
            }
        }
        throw new AssertionError("no change of " + setting + " in " + summary.get("settings_changes"));
    }
}
