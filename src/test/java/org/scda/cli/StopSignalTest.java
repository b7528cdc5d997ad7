package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.engine.Checkpoint;
import org.scda.engine.Checkpoints;
import org.scda.engine.RunRecord;
import org.scda.testing.OneEngineThread;

/**
 * SIGTERM and SIGINT stop a real {@code scda train} / {@code scda adapt} process cleanly: exit
 * code 143 / 130, a one-line message, no JVM crash file, and a checkpoint that loads and is not
 * older than the progress the run had shown. Each test starts a JVM of its own with the test
 * classpath, waits until {@code metrics.jsonl} shows progress, then sends the signal. A stop
 * that cuts an evaluation short leaves the iteration's checkpoint marked, and resuming makes the
 * evaluation first.
 */
@Tag("engine")
class StopSignalTest {
    @TempDir
    static Path data;
    static TinyRuns runs;
    static String source;
    static String target;
    static String sourceVal;

    @BeforeAll
    static void datasets() throws Exception {
        runs = new TinyRuns(data, 40);
        source = runs.source;
        target = runs.target;
        sourceVal = runs.sourceVal;
    }

    /** A tiny config that would train far longer than the test waits, with no periodic checkpoint. */
    private static Path config(Path dir, int evalPeriod, boolean adapt) throws IOException {
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, """
                model:
                  backboneWidth: 8
                  rpn: {postNmsTopNTrain: 200}
                  roi: {headDim: 64, batchSizePerImage: 64}
                solver: {iterations: 100000, warmupIterations: 1, steps: [200000]}
                evalPeriod: %d
                checkpointPeriod: 100000
                logPeriod: 1
                """.formatted(evalPeriod) + (adapt ? """
                adapt:
                  preset: cpu-type3
                  warmupFraction: 0
                  targetProposals: 100
                  picturePeriod: 0
                """ : ""));
        return file;
    }

    private static Process start(Path workDir, List<String> scdaArgs) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Djava.awt.headless=true", "-cp", classpath,
                Main.class.getName()));
        command.addAll(scdaArgs);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    /** The last training iteration logged, once a line with {@code key} has appeared (0 until then). */
    private static int progress(Path metrics, String key) throws IOException {
        if (!Files.isRegularFile(metrics)) {
            return 0;
        }
        ObjectMapper json = new ObjectMapper();
        int last = 0;
        boolean seen = false;
        for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
            if (line.isBlank() || !line.endsWith("}")) {
                continue;
            }
            JsonNode n = json.readTree(line);
            seen |= n.has(key);
            if (n.has("loss")) {
                last = n.get("iteration").asInt();
            }
        }
        return seen ? last : 0;
    }

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    /** Whether a process whose /proc status lines are {@code status} ignores signal {@code number} (its SigIgn mask). */
    static boolean ignores(List<String> status, int number) {
        for (String line : status) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    @Test
    void theSignalMaskIsReadAsTheKernelWritesIt() {
        // a background job of this machine's shell: SIGINT (2) and SIGQUIT (3) ignored
        List<String> background = List.of("Name:\tjava", "SigBlk:\t0000000000000000", "SigIgn:\t0000000000000006");
        assertThat(ignores(background, 2)).isTrue();
        assertThat(ignores(background, 3)).isTrue();
        assertThat(ignores(background, 15)).isFalse();
        assertThat(ignores(List.of("SigIgn:\t0000000000000004"), 2)).as("a foreground job").isFalse();
        assertThat(ignores(List.of("Name:\tjava"), 2)).as("no mask: not Linux").isFalse();
    }

    private static void signal(Process p, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    /**
     * Runs {@code args}, waits for progress (a line with {@code key} in metrics.jsonl and at
     * least {@code minIteration} iterations), sends {@code signal} and returns the exit code; the
     * iteration seen before the signal is in {@code seen[0]}.
     */
    private static int runAndSignal(Path work, List<String> args, String key, int minIteration, String signal,
                                    int[] seen) throws Exception {
        Path metrics = work.resolve("run").resolve("metrics.jsonl");
        Process p = start(work, args);
        try {
            while (p.isAlive() && progress(metrics, key) < minIteration) {
                Thread.sleep(50);
            }
            assertThat(p.isAlive()).as("still training: " + Files.readString(work.resolve("stderr.txt"))).isTrue();
            seen[0] = progress(metrics, key);
            signal(p, signal);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                // seen twice: under heavy load (CI beside two training processes), and in tests started as a
                // background job, whose SIGINT is ignored (the dump showed no handler thread; the assumption
                // above now skips that case; the first may have been the same). A thread dump (SIGQUIT, to the
                // child's stdout) and both logs say where it waited
                signal(p, "QUIT");
                p.waitFor(5, TimeUnit.SECONDS);
                p.destroyForcibly();
                throw new AssertionError("no exit within 120 s of " + signal + "; the child's stderr:\n"
                        + tail(work.resolve("stderr.txt"), 40) + "\nits stdout (with the thread dump):\n"
                        + tail(work.resolve("stdout.txt"), 400));
            }
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    private static String tail(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return "(none)";
        }
        List<String> all = Files.readAllLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void assertCleanStop(Path work, String signalName, int seenIteration) throws Exception {
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("hs_err"));
        }
        List<String> stderr = Files.readAllLines(work.resolve("stderr.txt"));
        String last = stderr.get(stderr.size() - 1);
        assertThat(last).startsWith("scda: ").contains("stopped by " + signalName, "--resume");
        Path checkpoint = work.resolve("run").resolve(Checkpoints.LAST);
        assertThat(checkpoint).exists();
        OneEngineThread.use();
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoints.Loaded loaded = Checkpoints.load(checkpoint, manager);
            assertThat(loaded.checkpoint().iteration()).isGreaterThanOrEqualTo(seenIteration);
        }
        try (Stream<Path> files = Files.list(work.resolve("run"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(".tmp"));
        }
    }

    @Test
    void sigtermStopsTrainingWithExitCode143AndALoadableCheckpoint(@TempDir Path work) throws Exception {
        List<String> args = List.of("train", "--config", config(work, 0, false).toString(), "--source", source,
                "--source-val", sourceVal, "--target-val", "", "--out", work.resolve("run").toString());
        int[] seen = new int[1];
        int code = runAndSignal(work, args, "loss", 3, "TERM", seen);
        assertThat(code).as(Files.readString(work.resolve("stderr.txt"))).isEqualTo(143);
        assertCleanStop(work, "SIGTERM", seen[0]);
    }

    @Test
    void sigtermDuringEvaluationStopsCleanly(@TempDir Path work) throws Exception {
        // every other iteration evaluates 40 images: most of the run's time is evaluation
        List<String> args = List.of("train", "--config", config(work, 2, false).toString(), "--source", source,
                "--source-val", sourceVal, "--target-val", "", "--out", work.resolve("run").toString());
        int[] seen = new int[1];
        int code = runAndSignal(work, args, "eval_images", 2, "TERM", seen);
        assertThat(code).as(Files.readString(work.resolve("stderr.txt"))).isEqualTo(143);
        assertCleanStop(work, "SIGTERM", Math.max(0, seen[0] - 2));
    }

    @Test
    void sigintStopsAdaptationWithExitCode130AndALoadableCheckpoint(@TempDir Path work) throws Exception {
        // A shell's background job (`mvn test &`) ignores SIGINT, and so does every process it starts:
        // the JVM then leaves the signal ignored (as for nohup), and the child would train on.
        assumeFalse(ignores(Files.exists(PROC_STATUS) ? Files.readAllLines(PROC_STATUS) : List.of(), 2),
                "SIGINT is ignored by this test JVM (started as a background job?), so by the child too: "
                        + "run the tests in the foreground");
        List<String> args = List.of("adapt", "--config", config(work, 0, true).toString(), "--source", source,
                "--target", target, "--source-val", sourceVal, "--target-val", "",
                "--out", work.resolve("run").toString());
        int[] seen = new int[1];
        int code = runAndSignal(work, args, "loss", 3, "INT", seen);
        assertThat(code).as(Files.readString(work.resolve("stderr.txt"))).isEqualTo(130);
        assertCleanStop(work, "SIGINT", seen[0]);
        assertThat(work.resolve("run").resolve("alignment_last.params")).exists();
    }

    @Test
    void aCheckpointWhoseEvaluationAStopCutShortIsEvaluatedOnResume(@TempDir Path dir) throws Exception {
        Path cfg = TinyRuns.config(dir, "four", 4, 2, "evalPeriod: 2\n" + TinyRuns.ADAPT);
        Path runDir = dir.resolve("run");
        assertThat(runs.run(runs.adapt(cfg, runDir))).as(runs.err()).isZero();
        // a finished run resumed evaluates nothing ...
        assertThat(runs.run(runs.adapt(cfg, runDir, "--resume"))).as(runs.err()).isZero();
        assertThat(TinyRuns.evaluationLines(runDir)).containsExactly(2, 4);
        // ... unless its checkpoint says that a stop cut its evaluation short
        Path last = runDir.resolve(Checkpoints.LAST);
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoints.Loaded loaded = Checkpoints.load(last, manager);
            Checkpoint c = loaded.checkpoint();
            RunRecord r = c.run();
            Checkpoints.save(last, new Checkpoint(c.config(), c.classNames(), c.iteration(), c.rngState(), c.optimizer(),
                    c.optimizerState(), c.metrics(), new RunRecord(r.skippedSteps(), r.rollbacks(), r.recentLosses(),
                    r.settingsChanges(), true)), loaded.model());
        }
        assertThat(runs.run(runs.adapt(cfg, runDir, "--resume"))).as(runs.err()).isZero();
        assertThat(TinyRuns.evaluationLines(runDir)).containsExactly(2, 4, 4);
    }
}
