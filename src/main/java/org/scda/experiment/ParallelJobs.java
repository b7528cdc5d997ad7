package org.scda.experiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Runs one experiment in N worker processes that share its output folder ({@link RunClaims}
 * keeps them off each other's runs). Each worker gets an equal share of the libtorch threads:
 * on a 2-core CPU two one-thread workers train about 1.5x as many small-detector iterations
 * per second as one two-thread process ({@code scda bench}), because the CPU default's small
 * tensors parallelise poorly inside one operator.
 */
public final class ParallelJobs {
    /** The system property of libtorch's intra-op threads (read when the engine starts). */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private ParallelJobs() {
    }

    /** The libtorch threads of each of {@code jobs} workers sharing {@code threads}: at least 1. */
    public static int threadsPerJob(int threads, int jobs) {
        return Math.max(1, threads / jobs);
    }

    /**
     * The command line of one worker: this JVM's executable, its JVM options with the libtorch
     * threads replaced by {@code threadsPerJob}, its class path, {@code mainClass} and
     * {@code args}.
     */
    public static List<String> workerCommand(String javaExecutable, List<String> jvmOptions, String classPath,
                                             String mainClass, int threadsPerJob, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable);
        String prefix = "-D" + THREADS_PROPERTY + "=";
        for (String o : jvmOptions) {
            if (!o.startsWith(prefix)) {
                cmd.add(o);
            }
        }
        cmd.add(prefix + threadsPerJob);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Starts {@code jobs} workers running {@code mainClass args} in this JVM's set-up, copies
     * their output to {@code log} line by line prefixed {@code [job K]}, and waits for them.
     *
     * @return the largest exit code of the workers (0 when all succeeded)
     */
    public static int run(int jobs, String mainClass, List<String> args, PrintStream log)
            throws IOException, InterruptedException {
        String javaExe = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int threads = Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
        int each = threadsPerJob(threads, jobs);
        List<String> cmd = workerCommand(javaExe, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.class.path"), mainClass, each, args);
        log.printf(Locale.ROOT, "experiment: %d jobs with %d libtorch thread%s each%n", jobs, each, each == 1 ? "" : "s");
        List<Process> workers = Collections.synchronizedList(new ArrayList<>());
        List<Thread> pumps = new ArrayList<>();
        // a terminated parent takes its workers with it; their runs resume on the next start
        Thread stopWorkers = new Thread(() -> workers.forEach(Process::destroy), "stop-jobs");
        Runtime.getRuntime().addShutdownHook(stopWorkers);
        try {
            for (int k = 1; k <= jobs; k++) {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                workers.add(p);
                String tag = "[job " + k + "] ";
                Thread pump = new Thread(() -> copyLines(p, tag, log), "job-" + k + "-output");
                pump.start();
                pumps.add(pump);
                Thread.sleep(2000); // let the first worker claim its run before the next starts reading
            }
            int worst = 0;
            for (Process p : workers) {
                worst = Math.max(worst, p.waitFor());
            }
            for (Thread t : pumps) {
                t.join();
            }
            return worst;
        } finally {
            workers.forEach(Process::destroy);
            Runtime.getRuntime().removeShutdownHook(stopWorkers);
        }
    }

    private static void copyLines(Process p, String tag, PrintStream log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (log) {
                    log.println(tag + line);
                }
            }
        } catch (IOException e) {
            synchronized (log) {
                log.println(tag + "(output lost: " + e.getMessage() + ")");
            }
        }
    }
}
