package org.scda.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scda.util.ScdaException;

/** The reference's line protocol, and the one-line errors when python3 or torch is missing; nothing timed. */
class TorchReferenceTest {
    private static final String READY = "{\"op\": \"ready\", \"setting\": \"small\", \"settings\": {\"width\": 256, "
            + "\"anchor_sizes\": [12.0, 24.0], \"roi_aligned\": true}, \"parameters\": 2370037, \"threads\": 2, "
            + "\"torch\": \"1.13.0a0\", \"torchvision\": \"0.14.1a0\", \"pid\": 7}";

    /** A stand-in for the script in sh: the ready line, then n times 0.5, 1.5, ... for each command. */
    private static final String FAKE_SERVER = "echo '" + READY + "'\n"
            + "while read op n; do\n"
            + "  [ \"$op\" = quit ] && exit 0\n"
            + "  s=''; i=0\n"
            + "  while [ $i -lt $n ]; do s=\"$s${s:+,}$i.5\"; i=$((i+1)); done\n"
            + "  echo \"{\\\"op\\\": \\\"$op\\\", \\\"ms\\\": [$s]}\"\n"
            + "done\n";

    @Test
    void readyLineGivesSettingsParametersThreadsAndVersions() {
        TorchReference.Ready ready = TorchReference.parseReady(READY);

        assertThat(ready.parameters()).isEqualTo(2370037L);
        assertThat(ready.threads()).isEqualTo(2);
        assertThat(ready.versions()).isEqualTo("torch 1.13.0a0, torchvision 0.14.1a0");
        assertThat(ready.settings()).containsEntry("width", 256).containsEntry("roi_aligned", true)
                .containsEntry("anchor_sizes", List.of(12.0, 24.0));
    }

    @Test
    void errorLineFromAPythonWithoutTorchNamesTheInstallLine() {
        String line = "{\"op\": \"error\", \"error\": \"torch or torchvision missing (No module named 'torch'): "
                + TorchReference.INSTALL + "\"}";

        assertThatThrownBy(() -> TorchReference.parseReady(line)).isInstanceOf(ScdaException.class)
                .hasMessageContaining(TorchReference.INSTALL).hasMessageContaining("--python");
    }

    @Test
    void timesReplyIsParsedAndCheckedAgainstTheRequest() {
        assertThat(TorchReference.parseTimes("{\"op\": \"train\", \"ms\": [10.5, 12.0]}", "train", 2))
                .containsExactly(10.5, 12.0);
        assertThatThrownBy(() -> TorchReference.parseTimes("{\"op\": \"train\", \"ms\": [10.5]}", "train", 2))
                .isInstanceOf(ScdaException.class).hasMessageContaining("expected 2 'train' times");
        assertThatThrownBy(() -> TorchReference.parseTimes("{\"op\": \"infer\", \"ms\": [1, 2]}", "train", 2))
                .isInstanceOf(ScdaException.class);
        assertThatThrownBy(() -> TorchReference.parseTimes("Traceback (most recent call last):", "train", 2))
                .isInstanceOf(ScdaException.class).hasMessageContaining("not a JSON line");
    }

    @Test
    void missingInterpreterIsOneLineNamingItAndTheInstallLine() {
        List<String> command = TorchReference.command("/nonexistent/scda-test/python3", Path.of("bench/torch_reference.py"),
                "small", 1, false);

        assertThatThrownBy(() -> TorchReference.start(command)).isInstanceOf(ScdaException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                        .contains("cannot run '/nonexistent/scda-test/python3'").contains(TorchReference.INSTALL));
    }

    @Test
    void commandLinePassesSettingThreadsAndMode() {
        assertThat(TorchReference.command("python3", Path.of("bench/torch_reference.py"), "vgg16", 2, false))
                .containsExactly("python3", "bench/torch_reference.py", "--setting", "vgg16", "--threads", "2", "--serve");
        assertThat(TorchReference.command("python3", Path.of("s.py"), "small", 1, true)).endsWith("--check");
    }

    @Test
    void childThatExitsBeforeItsReadyLineIsAnErrorWithItsLastStderrLine() {
        List<String> command = List.of("/bin/sh", "-c", "echo 'ModuleNotFoundError: no torch' >&2; exit 3");

        assertThatThrownBy(() -> TorchReference.start(command)).isInstanceOf(ScdaException.class)
                .hasMessageContaining("exited (code 3)").hasMessageContaining("ModuleNotFoundError: no torch")
                .hasMessageContaining(TorchReference.INSTALL);
    }

    @Test
    void servesBlocksOverTheProtocolAndQuits() {
        try (TorchReference fake = TorchReference.start(List.of("/bin/sh", "-c", FAKE_SERVER))) {
            assertThat(fake.ready().parameters()).isEqualTo(2370037L);
            assertThat(fake.train(3)).containsExactly(0.5, 1.5, 2.5);
            assertThat(fake.infer(1)).containsExactly(0.5);
            assertThat(fake.train(0)).isEmpty();
        }
    }
}
