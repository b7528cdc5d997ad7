package org.scda.adapt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.align.ScdaMethod;
import org.scda.adapt.dafaster.DaFasterMethod;
import org.scda.engine.Checkpoints;
import org.scda.testing.OneEngineThread;
import org.scda.testing.ToyCoco;
import org.scda.testing.ToyScenes;
import org.scda.util.ScdaException;

/**
 * Resuming an adaptation run: interrupted during warm-up and again with alignment active, then
 * resumed to the end, it ends with the same detector and alignment state (byte for byte) as the
 * run trained straight through; a finished run is not trained further; a checkpoint pair of
 * different iterations is refused, and the pair left by a crash between its two writes is used.
 *
 * <p>Training is reproducible in one JVM: this comparison used to be retried because two
 * straight runs differed in about one pair in ten, which was backward reading the freed scalar
 * of DJL's {@code x.mul(number)} after a garbage collection (fixed by
 * {@link org.scda.ops.Scalars}); it is one attempt now.
 */
@Tag("engine")
class AdaptationResumeTest {
    private static final int ITERATIONS = 8;

    @TempDir
    static Path dir;
    static String data;
    static String target;

    @BeforeAll
    static void datasets() throws Exception {
        OneEngineThread.use();
        String source = ToyCoco.coco(dir, "source", ToyScenes.generate(dir.resolve("s"), 4, 256, 128, 1), true);
        target = ToyCoco.coco(dir, "target", ToyScenes.generate(dir.resolve("t"), 4, 256, 128, 2), false);
        String sourceVal = ToyCoco.coco(dir, "source_val", ToyScenes.generate(dir.resolve("sv"), 2, 256, 128, 3), true);
        String targetVal = ToyCoco.coco(dir, "target_val", ToyScenes.generate(dir.resolve("tv"), 2, 256, 128, 4), true);
        data = "data: {source: '" + source + "', sourceVal: '" + sourceVal + "', targetVal: '" + targetVal
                + "', valLimit: 1}\n";
    }

    /**
     * 8 iterations, the first 2 source-only, checkpoints every 2, evaluation every 4, a learning
     * rate step at 6 (so the schedule position matters); soft estimator labels draw from the
     * alignment's own generator (more state to carry over).
     */
    /** Every run's detector and schedule, up to its {@code adapt:} key (the iterations to format in). */
    private static final String SCHEDULE = """
                model:
                  backboneWidth: 8
                  rpn: {postNmsTopNTrain: 200}
                  roi: {headDim: 64, batchSizePerImage: 64}
                solver: {iterations: %d, baseLr: 0.01, warmupIterations: 1, steps: [6]}
                seed: 3
                evalPeriod: 4
                checkpointPeriod: 2
                logPeriod: 2
                adapt:
                """;

    private static AdaptConfig config(String method, boolean softLabels) {
        return AdaptConfig.parseYaml(SCHEDULE.formatted(ITERATIONS) + """
                  method: %s
                  target: '%s'
                  warmupFraction: 0.25
                  targetProposals: 100
                """.formatted(method, target) + (ScdaMethod.NAME.equals(method) ? """
                  preset: cpu-type3
                  picturePeriod: 0
                  softEstimatorLabels: %s
                """.formatted(softLabels) : "") + data);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    private static List<Integer> metricIterations(Path run) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Integer> iterations = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode n = json.readTree(line);
            iterations.add(n.get("iteration").asInt() * (n.has("eval_images") ? -1 : 1));
        }
        return iterations;
    }

    private static void copyDir(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The files of a straight run and of the same run interrupted at each of {@code stops}, resumed. */
    private record Pair(Path straight, Path resumed, AdaptSummary expected, AdaptSummary actual) {
    }

    /**
     * Trains straight, and trains with interruptions after each of {@code stops} (each session
     * resumes the one before) to the end.
     */
    private static Pair straightAndResumed(AdaptConfig cfg, String name, int... stops) throws IOException {
        Path straight = dir.resolve(name + "-straight");
        Path resumed = dir.resolve(name + "-resumed");
        AdaptSummary expected = AdaptationMethods.training(cfg, straight, false, quiet()).run();
        for (int stop : stops) {
            assertThat(AdaptationMethods.training(cfg, resumed, true, quiet()).interruptAfter(stop).run()).isNull();
            Files.copy(resumed.resolve(Checkpoints.LAST), resumed.resolveSibling(resumed.getFileName() + "-model-"
                    + stop + ".ckpt"));
            copyDir(resumed, resumed.resolveSibling(resumed.getFileName() + "-at-" + stop));
        }
        AdaptSummary actual = AdaptationMethods.training(cfg, resumed, true, quiet()).run();
        return new Pair(straight, resumed, expected, actual);
    }

    @Test
    void selectiveAlignmentInterruptedTwiceEndsAsTheStraightRunAndIsNotTrainedAfterTheEnd() throws Exception {
        AdaptConfig cfg = config(ScdaMethod.NAME, true);
        // the first session stops in the warm-up, the second with alignment active
        Pair pair = straightAndResumed(cfg, "scda", 2, 4);
        Path straight = pair.straight();
        Path resumed = pair.resumed();

        assertThat(pair.actual().iterations()).isEqualTo(ITERATIONS);
        assertThat(Files.readAllBytes(resumed.resolve(Checkpoints.LAST)))
                .as("detector weights, optimiser state, RNG")
                .isEqualTo(Files.readAllBytes(straight.resolve(Checkpoints.LAST)));
        assertThat(Files.readAllBytes(resumed.resolve(AdaptationState.LAST)))
                .as("alignment modules, their optimisers, soft-label generator, counters, best and last evaluation")
                .isEqualTo(Files.readAllBytes(straight.resolve(AdaptationState.LAST)));
        assertThat(Files.readAllBytes(resumed.resolve(Checkpoints.BEST)))
                .isEqualTo(Files.readAllBytes(straight.resolve(Checkpoints.BEST)));
        assertThat(pair.actual().best().iteration()).isEqualTo(pair.expected().best().iteration());
        assertThat(pair.actual().selected()).isEqualTo(pair.expected().selected());
        assertThat(Files.readAllLines(straight.resolve("metrics.jsonl")))
                .anyMatch(l -> l.contains("\"align.f_adv\"") && l.contains("\"iteration\":4"));
        assertThat(metricIterations(resumed)).as("metrics.jsonl appended across sessions")
                .isEqualTo(metricIterations(straight)).containsExactly(2, 4, -4, 6, 8, -8);
        Path atFour = resumed.resolveSibling(resumed.getFileName() + "-at-4");
        assertThat(Files.readAllBytes(atFour.resolve(Checkpoints.LAST)))
                .isNotEqualTo(Files.readAllBytes(straight.resolve(Checkpoints.LAST)));

        // a finished run resumed: no iteration, no evaluation, the same files
        byte[] model = Files.readAllBytes(straight.resolve(Checkpoints.LAST));
        int metricsLines = Files.readAllLines(straight.resolve("metrics.jsonl")).size();
        AdaptSummary again = AdaptationMethods.training(cfg, straight, true, quiet()).run();
        assertThat(again.iterations()).isEqualTo(ITERATIONS);
        assertThat(again.selected()).isEqualTo(pair.expected().selected());
        assertThat(Files.readAllBytes(straight.resolve(Checkpoints.LAST))).isEqualTo(model);
        assertThat(Files.readAllLines(straight.resolve("metrics.jsonl"))).hasSize(metricsLines);

        // a crash after the adaptation state of 4 was moved in, before the detector checkpoint of 4:
        // the state of 2 (kept as the previous one) pairs with the detector of 2
        Path crashed = dir.resolve("crashed");
        copyDir(atFour, crashed);
        Files.copy(resumed.resolveSibling(resumed.getFileName() + "-model-2.ckpt"), crashed.resolve(Checkpoints.LAST),
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(AdaptationMethods.training(cfg, crashed, true, quiet()).interruptAfter(2).run()).isNull();

        // a pair of different iterations is refused
        Path mismatched = dir.resolve("mismatched");
        copyDir(atFour, mismatched);
        Files.move(mismatched.resolve(AdaptationState.PREVIOUS), mismatched.resolve(AdaptationState.LAST),
                StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> AdaptationMethods.training(cfg, mismatched, true, quiet()).run())
                .isInstanceOf(ScdaException.class)
                .hasMessageContaining("is of iteration 4")
                .hasMessageContaining(AdaptationState.LAST + " is of iteration 2")
                .hasMessageContaining("not a pair");

        // what the experiment runner checks before resuming (it restarts such runs)
        assertThat(AdaptationState.resumeProblem(atFour, cfg.toYaml())).isEmpty();
        assertThat(AdaptationState.resumeProblem(dir.resolve("nothing-here"), cfg.toYaml())).isEmpty();
        assertThat(AdaptationState.resumeProblem(mismatched, cfg.toYaml())).get().asString()
                .contains("iteration 4", AdaptationState.LAST + " of iteration 2");
        assertThat(AdaptationState.resumeProblem(atFour, config(ScdaMethod.NAME, false).toYaml())).get().asString()
                .contains("another config");
        Path oldFormat = dir.resolve("old-format");
        copyDir(atFour, oldFormat);
        Files.delete(oldFormat.resolve(AdaptationState.PREVIOUS));
        Files.write(oldFormat.resolve(AdaptationState.LAST), new byte[] {1, 2, 3});
        assertThat(AdaptationState.resumeProblem(oldFormat, cfg.toYaml())).get().asString()
                .contains("not an scda adaptation state");

        // a run that exists is not overwritten without --resume
        assertThatThrownBy(() -> AdaptationMethods.training(cfg, mismatched, false, quiet()).run())
                .isInstanceOf(ScdaException.class).hasMessageContaining("--resume");
    }

    @Test
    void daFasterInterruptedWithItsHeadsTrainingEndsAsTheStraightRun() throws Exception {
        Pair pair = straightAndResumed(config(DaFasterMethod.NAME, false), DaFasterMethod.NAME, 4);
        assertThat(Files.readAllLines(pair.straight().resolve("metrics.jsonl")))
                .anyMatch(l -> l.contains("\"da.instance\""));
        assertThat(Files.readAllBytes(pair.resumed().resolve(Checkpoints.LAST)))
                .isEqualTo(Files.readAllBytes(pair.straight().resolve(Checkpoints.LAST)));
        assertThat(Files.readAllBytes(pair.resumed().resolve(AdaptationState.LAST)))
                .as("heads, their optimiser, dropout generator")
                .isEqualTo(Files.readAllBytes(pair.straight().resolve(AdaptationState.LAST)));
    }

    /** The mean teacher on the resume tests' schedule (burn-in 2), with {@code adapt} lines added (2-space indented). */
    private static AdaptConfig teacherConfig(String adapt) {
        return AdaptConfig.parseYaml(SCHEDULE.formatted(ITERATIONS) + """
                  method: mean-teacher
                  target: '%s'
                  warmupFraction: 0.25
                  adabnImages: 2
                """.formatted(target) + adapt.indent(2) + data);
    }

    @Test
    void meanTeacherInterruptedBeforeAndAfterItsStartEndsAsTheStraightRun() throws Exception {
        // burn-in 2 iterations; stops at 2 (the teacher not started) and 4 (started, two EMA steps)
        AdaptConfig cfg = teacherConfig("teacher: {threshold: 0.05}\n");
        Pair pair = straightAndResumed(cfg, "mean-teacher", 2, 4);
        assertThat(Files.readAllLines(pair.straight().resolve("metrics.jsonl")))
                .anyMatch(l -> l.contains("\"teacher.pseudo_labels\""));
        assertThat(Files.readAllBytes(pair.resumed().resolve(Checkpoints.LAST)))
                .isEqualTo(Files.readAllBytes(pair.straight().resolve(Checkpoints.LAST)));
        assertThat(Files.readAllBytes(pair.resumed().resolve(AdaptationState.LAST)))
                .as("the teacher's parameters and statistics")
                .isEqualTo(Files.readAllBytes(pair.straight().resolve(AdaptationState.LAST)));
        assertThat(pair.actual().selected().sourceVal().mAP()).isEqualTo(pair.expected().selected().sourceVal().mAP());
    }

    @Test
    void meanTeacherWithImageAlignmentInterruptedEndsAsTheStraightRun() throws Exception {
        Pair pair = straightAndResumed(teacherConfig("""
                teacher: {threshold: 0.05, align: image}
                lambda: 0.2
                """), "mean-teacher-image", 4);
        List<String> metrics = Files.readAllLines(pair.straight().resolve("metrics.jsonl"));
        assertThat(metrics).anyMatch(l -> l.contains("\"teacher.pseudo_labels\"") && l.contains("\"da.image\""));
        assertThat(Files.readAllBytes(pair.resumed().resolve(Checkpoints.LAST)))
                .isEqualTo(Files.readAllBytes(pair.straight().resolve(Checkpoints.LAST)));
        assertThat(Files.readAllBytes(pair.resumed().resolve(AdaptationState.LAST)))
                .as("the teacher, the image classifier and its optimiser")
                .isEqualTo(Files.readAllBytes(pair.straight().resolve(AdaptationState.LAST)));
        assertThat(Files.readString(pair.straight().resolve("summary.json")))
                .contains("\"teacher_align\" : \"image\"");
    }

    @Test
    void meanTeacherWithRegionAlignmentInterruptedEndsAsTheStraightRun() throws Exception {
        AdaptConfig cfg = teacherConfig("""
                teacher: {threshold: 0.05, align: scda}
                preset: cpu-type3
                targetProposals: 100
                softEstimatorLabels: true
                picturePeriod: 0
                """);
        Pair pair = straightAndResumed(cfg, "mean-teacher-scda", 4);
        List<String> metrics = Files.readAllLines(pair.straight().resolve("metrics.jsonl"));
        assertThat(metrics).anyMatch(l -> l.contains("\"teacher.pseudo_labels\"") && l.contains("\"align.f_adv\""));
        assertThat(Files.readAllBytes(pair.resumed().resolve(Checkpoints.LAST)))
                .isEqualTo(Files.readAllBytes(pair.straight().resolve(Checkpoints.LAST)));
        assertThat(Files.readAllBytes(pair.resumed().resolve(AdaptationState.LAST)))
                .as("the teacher, the alignment modules, their optimisers and generators")
                .isEqualTo(Files.readAllBytes(pair.straight().resolve(AdaptationState.LAST)));
        assertThat(Files.readString(pair.straight().resolve("summary.json"))).contains("\"teacher_align\" : \"scda\"")
                .contains("\"preset\"");
    }
}
