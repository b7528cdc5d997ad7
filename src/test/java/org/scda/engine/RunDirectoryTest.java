package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.util.ScdaException;

/** Starting a run in its directory, and the settings a resumed run may change (no engine). */
class RunDirectoryTest {

    @Test
    void leftoversOfInterruptedCheckpointWritesAreRemovedAndNothingElse(@TempDir Path dir) throws Exception {
        List<String> ours = List.of("model_last.ckpt8211640931846311311.tmp", "model_best.ckpt-42.tmp",
                "alignment_last.params77.tmp");
        List<String> others = List.of("notes.tmp", "model_last.ckpt", "model_last.ckpt.tmp", "model_last.ckptx1.tmp",
                "alignment_prev.params");
        for (String name : ours) {
            Files.write(dir.resolve(name), new byte[1_000_000]);
        }
        for (String name : others) {
            Files.write(dir.resolve(name), new byte[10]);
        }
        List<String> log = new ArrayList<>();
        assertThat(RunDirectory.prepare(dir, true, log::add)).as("a run to resume").isTrue();
        for (String name : ours) {
            assertThat(dir.resolve(name)).doesNotExist();
        }
        for (String name : others) {
            assertThat(dir.resolve(name)).exists();
        }
        assertThat(log).singleElement().asString().contains("removed 3 unfinished checkpoint files (3.0 MB)");
    }

    @Test
    void aRunDirectoryThatIsAFileOrUnderAFileIsAOneLineError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> RunDirectory.prepare(file, false, m -> { })).isInstanceOf(ScdaException.class)
                .hasMessage("the run directory " + file + " is not a directory but a file: choose another --out");
        assertThatThrownBy(() -> RunDirectory.prepare(file.resolve("run"), false, m -> { }))
                .isInstanceOf(ScdaException.class)
                .hasMessage("cannot create the run directory " + file.resolve("run") + ": Not a directory:"
                        + " choose another --out");
        assertThat(RunDirectory.prepare(dir.resolve("new"), true, m -> { })).as("nothing to resume").isFalse();
        Files.write(dir.resolve("new").resolve(Checkpoints.LAST), new byte[1]);
        assertThatThrownBy(() -> RunDirectory.prepare(dir.resolve("new"), false, m -> { }))
                .hasMessageContaining("already holds a run");
    }

    @Test
    void resumedSettingsAreRefusedNamingEachDifferenceOrRecordedWhenAllowed(@TempDir Path dir) throws Exception {
        TrainConfig before = TrainConfig.defaults();
        TrainConfig after = Configs.withOverrides(before, java.util.Map.of("seed", 5, "solver.baseLr", 0.5));
        var b = Configs.json().valueToTree(before);
        var a = Configs.json().valueToTree(after);
        SettingsChange earlier = new SettingsChange(10, "evalPeriod", new IntNode(0), new IntNode(5));

        assertThat(ResumeSettings.reconcile(dir, b, b, 20, List.of(earlier), false)).containsExactly(earlier);
        assertThatThrownBy(() -> ResumeSettings.reconcile(dir, b, a, 20, List.of(), false))
                .isInstanceOf(ScdaException.class)
                .hasMessageContaining("solver.baseLr 0.01 -> 0.5, seed 42 -> 5")
                .hasMessageContaining("--resume-with-changes");
        List<SettingsChange> all = ResumeSettings.reconcile(dir, b, a, 20, List.of(earlier), true);
        assertThat(all).containsExactly(earlier,
                new SettingsChange(20, "solver.baseLr", new DoubleNode(0.01), new DoubleNode(0.5)),
                new SettingsChange(20, "seed", Configs.json().valueToTree(42L), Configs.json().valueToTree(5L)));

        ResumeSettings.writeConfigFile(dir, Configs.toYaml(after), all);
        String text = Files.readString(dir.resolve(ResumeSettings.CONFIG_FILE));
        assertThat(text).contains("#   iteration 10: evalPeriod 0 -> 5", "#   iteration 20: solver.baseLr 0.01 -> 0.5",
                "#   iteration 20: seed 42 -> 5");
        assertThat(Configs.load(dir.resolve(ResumeSettings.CONFIG_FILE))).isEqualTo(after);
        assertThat(SettingsChange.fromJson(all.get(1).toJson())).isEqualTo(all.get(1));
    }
}
