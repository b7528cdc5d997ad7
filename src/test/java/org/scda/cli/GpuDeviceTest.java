package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.api.Detector;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.engine.DeviceUnavailableException;
import org.scda.engine.SourceOnlyTraining;

/**
 * A GPU asked for on a machine or build without one is a one-line usage error (exit 2) before
 * any data is read or any run folder made: from the flag, a config file, an experiment file and
 * the Java API. The datasets named here do not exist, so loading them first would fail otherwise.
 */
@Tag("engine")
class GpuDeviceTest {
    private static final String MISSING = "coco:/nonexistent/scda-gpu-test.json";

    @TempDir
    Path tmp;

    @BeforeAll
    static void onlyWithoutAGpu() {
        assumeFalse(Engine.getInstance().hasCapability(StandardCapabilities.CUDA), "libtorch sees a GPU here");
    }

    @Test
    void trainWithDeviceGpuIsOneLineAndWritesNothing() {
        Path out = tmp.resolve("run");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();

        int code = ScdaCommandTest.run(stdout, stderr, "train", "--device", "gpu", "--source", MISSING,
                "--source-val", MISSING, "--out", out.toString());

        assertThat(code).as(stderr.toString()).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(stderr.toString().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("scda: --device gpu: no CUDA device visible to libtorch: ")
                .contains("CPU natives only").contains("-Pcuda").contains("README 'On a GPU'"));
        assertThat(stdout.toString()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void adaptWithDeviceGpuIsOneLineAndWritesNothing() {
        Path out = tmp.resolve("run");
        StringWriter stderr = new StringWriter();

        int code = ScdaCommandTest.run(new StringWriter(), stderr, "adapt", "--device", "gpu", "--source", MISSING,
                "--source-val", MISSING, "--target", MISSING, "--out", out.toString());

        assertThat(code).as(stderr.toString()).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(stderr.toString().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("scda: --device gpu: no CUDA device visible to libtorch: ").contains("-Pcuda"));
        assertThat(out).doesNotExist();
    }

    @Test
    void aConfigFileAskingForTheGpuIsNamed() throws Exception {
        Path config = tmp.resolve("gpu.yaml");
        Files.writeString(config, "device: gpu\n");
        Path out = tmp.resolve("run");
        StringWriter stderr = new StringWriter();

        int code = ScdaCommandTest.run(new StringWriter(), stderr, "train", "--config", config.toString(),
                "--source", MISSING, "--source-val", MISSING, "--out", out.toString());

        assertThat(code).as(stderr.toString()).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(stderr.toString().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("scda: device: gpu in " + config + ": no CUDA device visible to libtorch: "));
        assertThat(out).doesNotExist();
    }

    @Test
    void anExperimentAskingForTheGpuStartsNoRun() throws Exception {
        Path file = tmp.resolve("gpu-experiment.yaml");
        Files.writeString(file, """
                name: gpu-probe
                seeds: [1]
                overrides: {device: gpu}
                scenarios:
                  tiny: {source: '%1$s', sourceVal: '%1$s', target: '%1$s', targetVal: '%1$s'}
                variants:
                  source-only: {method: source-only, label: Source-only}
                matrix:
                  - {scenarios: [tiny], variants: [source-only]}
                """.formatted(MISSING));
        Path out = tmp.resolve("runs");
        StringWriter stderr = new StringWriter();

        int code = ScdaCommandTest.run(new StringWriter(), stderr, "experiment", file.toString(), "--out",
                out.toString());

        assertThat(code).as(stderr.toString()).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(stderr.toString().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("scda: device: gpu in " + file + ": no CUDA device visible to libtorch: "));
        assertThat(out).doesNotExist();
    }

    @Test
    void theJavaApiRefusesBeforeReadingOrWriting() {
        TrainConfig config = Configs.withOverrides(TrainConfig.defaults(),
                Map.of("device", "gpu", "data.source", MISSING, "data.sourceVal", MISSING));
        Path out = tmp.resolve("run");

        assertThatThrownBy(() -> new SourceOnlyTraining(config, out, false, System.err).run())
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageStartingWith("device gpu: no CUDA device visible to libtorch: ");
        assertThat(out).doesNotExist();
        // the checkpoint does not exist either: the device is refused before the file is looked for
        assertThatThrownBy(() -> Detector.load(tmp.resolve("no-such-run"), Device.gpu()))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageStartingWith("device gpu(0): no CUDA device visible to libtorch: ");
        assertThat(List.of(tmp.toFile().list())).isEmpty();
    }
}
