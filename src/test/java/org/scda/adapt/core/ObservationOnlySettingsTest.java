package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scda.adapt.AdaptationMethods;
import org.scda.engine.Checkpoints;
import org.scda.experiment.RunReuse;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyCoco;

/**
 * The settings {@link RunReuse#OBSERVATION_ONLY} ignores when it compares two runs' configs only
 * observe a run: with gradient diagnostics and pictures every few iterations a run ends with the
 * same detector, to the byte, as without them (so a study that diagnosed its runs and one that
 * did not made the same runs).
 */
@Tag("engine")
class ObservationOnlySettingsTest {
    private static final int ITERATIONS = 10;

    @TempDir
    static Path dir;
    static ToyCoco data;

    @BeforeAll
    static void datasets() throws Exception {
        OneEngineThread.use();
        data = ToyCoco.write(dir, 11, 2);
    }

    private static AdaptConfig config(String method, String observation) {
        return AdaptConfig.parseYaml("""
                model:
                  backboneWidth: 8
                  rpn: {postNmsTopNTrain: 200}
                  roi: {headDim: 64, batchSizePerImage: 64}
                solver: {iterations: %d, baseLr: 0.01, warmupIterations: 1}
                seed: 5
                evalPeriod: 100
                checkpointPeriod: 100
                logPeriod: 1
                adapt:
                  method: %s
                  target: '%s'
                  warmupFraction: 0.3
                """.formatted(ITERATIONS, method, data.target())
                + ("mean-teacher".equals(method) ? "  teacher: {threshold: 0.05}\n" : "  targetProposals: 100\n")
                + ("scda".equals(method) ? "  preset: cpu-type3\n" : "")
                + observation + data.dataSection());
    }

    /** {@code a: 1;b: 2} as lines of the adapt section. */
    private static String lines(String settings) {
        return "  " + settings.replace(";", "\n  ") + "\n";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "scda|diagnoseGradientsEvery: 2;picturePeriod: 3|diagnoseGradientsEvery: 0;picturePeriod: 0",
            "da-faster|diagnoseGradientsEvery: 2|diagnoseGradientsEvery: 0",
            "mean-teacher|picturePeriod: 3|picturePeriod: 0"})
    void observingARunLeavesItsDetectorByteIdentical(String method, String observed, String plain) throws Exception {
        Path a = dir.resolve(method + "-observed");
        Path b = dir.resolve(method + "-plain");
        AdaptSummary sa = AdaptationMethods.training(config(method, lines(observed)), a, false,
                new PrintStream(new ByteArrayOutputStream())).run();
        AdaptationMethods.training(config(method, lines(plain)), b, false,
                new PrintStream(new ByteArrayOutputStream())).run();
        assertThat(sa.iterations()).isEqualTo(ITERATIONS);
        if (!"da-faster".equals(method)) {
            try (var pictures = Files.walk(a.resolve("pictures"))) {
                assertThat(pictures.anyMatch(p -> p.toString().endsWith(".png"))).as("the observed run drew pictures")
                        .isTrue();
            }
        }
        assertThat(Files.readAllBytes(b.resolve(Checkpoints.LAST)))
                .as("detector weights, optimiser state, RNG").isEqualTo(Files.readAllBytes(a.resolve(Checkpoints.LAST)));
    }
}
