package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.align.ScdaMethod;
import org.scda.adapt.dafaster.DaFasterMethod;
import org.scda.engine.Checkpoints;
import org.scda.testing.GcPressure;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyCoco;

/**
 * Two adaptation runs of one config, seed and thread count in one JVM end byte-identical
 * (detector checkpoint, the method's state, every logged loss) and skip nothing, with a thread
 * forcing garbage collections throughout (so a tensor borrowing a Java buffer that autograd
 * still needs is freed between forward and backward, as in {@code engine.ReproducibleTrainingTest}).
 *
 * <p>The second run starts on a heap and native allocator the first one has used, so a read of
 * uninitialised or freed native memory shows up as a difference or a skipped step; the
 * surefire environment sets {@code MALLOC_PERTURB_} so that glibc fills such memory with a
 * pattern instead of leaving earlier values in it, and {@code scripts/stress-engine-tests}
 * repeats these tests with every libtorch allocation filled with NaN.
 */
@Tag("engine")
class ReproducibleAdaptationTest {
    private static final int ITERATIONS = 12;

    @TempDir
    static Path dir;
    static ToyCoco data;

    @BeforeAll
    static void datasets() throws Exception {
        OneEngineThread.use();
        data = ToyCoco.write(dir, 11, 2);
    }

    private static AdaptConfig config(String method) {
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
                  warmupFraction: 0.25
                  targetProposals: 100
                """.formatted(ITERATIONS, method, data.target()) + (ScdaMethod.NAME.equals(method) ? """
                  preset: cpu-type3
                  picturePeriod: 0
                  softEstimatorLabels: true
                """ : "") + data.dataSection());
    }

    @ParameterizedTest
    @ValueSource(strings = {ScdaMethod.NAME, DaFasterMethod.NAME})
    void twoRunsOfOneSeedAreByteIdenticalUnderGcPressure(String method) throws Exception {
        AdaptConfig cfg = config(method);
        AdaptSummary a;
        AdaptSummary b;
        Path first = dir.resolve(method + "-a");
        Path second = dir.resolve(method + "-b");
        try (GcPressure gc = GcPressure.start()) {
            a = AdaptationMethods.training(cfg, first, false, new PrintStream(new ByteArrayOutputStream())).run();
            b = AdaptationMethods.training(cfg, second, false, new PrintStream(new ByteArrayOutputStream())).run();
        }
        assertThat(a.skippedSteps() + b.skippedSteps()).as("detector steps skipped as non-finite").isZero();
        assertThat(a.skippedAlignmentUpdates() + b.skippedAlignmentUpdates())
                .as("alignment updates skipped as non-finite").isZero();
        assertThat(losses(second)).as("every logged loss").isEqualTo(losses(first)).hasSize(ITERATIONS);
        assertThat(Files.readAllBytes(second.resolve(Checkpoints.LAST)))
                .as("detector weights, optimiser state, RNG").isEqualTo(Files.readAllBytes(first.resolve(Checkpoints.LAST)));
        assertThat(Files.readAllBytes(second.resolve(AdaptationState.LAST)))
                .as("the method's modules and optimisers").isEqualTo(Files.readAllBytes(first.resolve(AdaptationState.LAST)));
    }

    /** metrics.jsonl without its timing and memory fields (which differ between any two runs). */
    private static List<String> losses(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .filter(l -> !l.contains("\"eval_images\""))
                .map(l -> l.replaceAll("\"(sec_per_it|rss_mb)\":[-0-9.eE+]*,?", ""))
                .toList();
    }
}
