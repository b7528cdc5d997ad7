package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scda train --augment} and {@code model.input.augment}: its help, its errors, and a run with it. */
class TrainAugmentTest {

    @Test
    void theHelpNamesTheFlagAndItsValues(@TempDir Path dir) throws Exception {
        TinyRuns runs = new TinyRuns(dir, 1);
        assertThat(runs.run("train", "--help")).isZero();
        assertThat(runs.out()).contains("--augment=none|strong").contains("erasings");
        assertThat(runs.out().replaceAll("\\s+", "")).contains("(model.input.augment)"); // wrapped at any dot
    }

    @Test
    void aBadValueIsAUsageErrorNamingFlagAndSetting(@TempDir Path dir) throws Exception {
        TinyRuns runs = new TinyRuns(dir, 1);
        assertThat(runs.run("train", "--augment", "medium", "--out", dir.resolve("run").toString()))
                .isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(runs.err()).startsWith("scda: --augment (model.input.augment) must be none or strong, got 'medium'\n");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void aBadValueInAConfigIsOneLineNamingFileAndSetting(@TempDir Path dir) throws Exception {
        TinyRuns runs = new TinyRuns(dir, 1);
        Path cfg = TinyRuns.config(dir, "bad", 2, 10, "");
        Files.writeString(cfg, Files.readString(cfg).replace("model:\n", "model:\n  input: {augment: heavy}\n"));
        assertThat(runs.run(runs.train(cfg, dir.resolve("run")))).isEqualTo(ScdaCommand.EXIT_FAILED);
        TinyRuns.assertOneLine(runs.err());
        assertThat(runs.err().strip())
                .isEqualTo("scda: " + cfg + ": model.input.augment must be 'none' or 'strong', got 'heavy'");
    }

    @Test
    @Tag("engine")
    void strongAugmentationTrainsOtherImagesAndIsRecorded(@TempDir Path dir) throws Exception {
        TinyRuns runs = new TinyRuns(dir, 1);
        Path cfg = TinyRuns.config(dir, "tiny", 3, 10, "");
        Path plain = dir.resolve("plain");
        Path strong = dir.resolve("strong");
        assertThat(runs.run(runs.train(cfg, plain))).as(runs.err()).isZero();
        assertThat(runs.run(runs.train(cfg, strong, "--augment", "strong"))).as(runs.err()).isZero();
        assertThat(Files.readString(strong.resolve("config.yaml"))).contains("augment: \"strong\"");
        assertThat(Files.readString(plain.resolve("config.yaml"))).contains("augment: \"none\"");
        assertThat(TinyRuns.json(strong.resolve("summary.json")).at("/config/model/input/augment").asText())
                .isEqualTo("strong");
        // the same seed draws the same first image; augmented, its loss differs
        List<String> plainLosses = losses(plain);
        List<String> strongLosses = losses(strong);
        assertThat(strongLosses).hasSameSizeAs(plainLosses).isNotEqualTo(plainLosses);
        assertThat(strongLosses.get(0)).isNotEqualTo(plainLosses.get(0));
    }

    /** The total loss of each logged iteration, as written. */
    private static List<String> losses(Path runDir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            JsonNode n = json.readTree(line);
            if (n.has("loss")) {
                out.add(n.get("loss").asText());
            }
        }
        return out;
    }
}
