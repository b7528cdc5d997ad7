package org.scda.engine;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Where a result came from: versions, git commit, machine. Recorded with every run. */
public final class Provenance {
    private Provenance() {
    }

    /** Versions and environment as a flat map (values may be "unknown"). */
    public static Map<String, Object> collect() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scda", "0.1.0");
        m.put("git_commit", gitCommit());
        m.put("java", System.getProperty("java.version"));
        m.put("djl", Engine.class.getPackage().getImplementationVersion() == null ? "0.36.0"
                : Engine.class.getPackage().getImplementationVersion());
        try {
            Engine e = Engine.getInstance();
            m.put("engine", e.getEngineName() + " " + e.getVersion());
        } catch (RuntimeException ex) {
            m.put("engine", "unknown");
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("processors", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpu());
        String threads = System.getProperty("ai.djl.pytorch.num_threads", "default");
        // a run that shared the cores trained on fewer threads at times: not the same as one that did not
        m.put("threads", ThreadShare.changedThisProcess() ? threads + ", fewer at times (shared the cores)" : threads);
        String counts = System.getProperty(org.scda.data.synth.SynthCatalog.COUNTS_PROPERTY);
        if (counts != null) {
            m.put("synth_counts", counts); // smaller built-in benchmarks under the same names
        }
        return m;
    }

    /** Where the build writes the commit its classes come from (pom.xml, maven-antrun-plugin). */
    static final String BUILD_PROPERTIES = "/org/scda/build.properties";

    /**
     * The commit of the running code as the build recorded it in {@link #BUILD_PROPERTIES}: the
     * last commit that changed {@code src/main} or {@code pom.xml}, with "-dirty" when either had
     * uncommitted changes then ({@code pom.xml}, maven-antrun-plugin); without that file (classes
     * not built by Maven) {@code git rev-parse HEAD} of the working directory; "unknown" when
     * neither says. A jar run outside its checkout (a study's frozen copy) thus still names its code.
     */
    public static String gitCommit() {
        try (InputStream in = Provenance.class.getResourceAsStream(BUILD_PROPERTIES)) {
            return gitCommit(in, Provenance::workingDirectoryCommit);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The commit {@code buildProperties} names ({@code git_commit}), else {@code fallback}'s.
     *
     * @param buildProperties the build's properties, or null when the build wrote none
     * @throws IOException when they cannot be read
     */
    static String gitCommit(InputStream buildProperties, Supplier<String> fallback) throws IOException {
        if (buildProperties == null) {
            return fallback.get();
        }
        Properties p = new Properties();
        p.load(new InputStreamReader(buildProperties, StandardCharsets.UTF_8));
        String commit = p.getProperty("git_commit", "").trim();
        return commit.matches("([0-9a-f]{40}|[0-9a-f]{64})(-dirty)?") ? commit : "unknown"; // SHA-1 or SHA-256
    }

    /** {@code git rev-parse HEAD} of the working directory (with "-dirty" when modified), or "unknown". */
    static String workingDirectoryCommit() {
        try {
            String head = run("git", "rev-parse", "HEAD");
            if (head == null || head.isBlank()) {
                return "unknown";
            }
            String status = run("git", "status", "--porcelain", "--untracked-files=no");
            return head.trim() + (status != null && !status.isBlank() ? "-dirty" : "");
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "unknown";
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * The processor, e.g. {@code AMD EPYC (family 25, model 1; avx2)}: machines of one kind differ
     * (the same run took 3x as long on a Zen 3 as on a Zen 5 with AVX-512), so a wall time needs
     * it. "unknown" without {@code /proc/cpuinfo}.
     */
    public static String cpu() {
        try {
            return cpu(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** {@link #cpu()} from the lines of {@code /proc/cpuinfo} (the first processor's). */
    static String cpu(List<String> cpuinfo) {
        Map<String, String> first = new LinkedHashMap<>();
        for (String line : cpuinfo) {
            if (line.isBlank() && !first.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                first.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String name = first.getOrDefault("model name", "unknown");
        if (first.containsKey("cpu family")) {
            name += " (family " + first.get("cpu family") + ", model " + first.getOrDefault("model", "?");
            List<String> flags = List.of(first.getOrDefault("flags", "").split("\\s+"));
            // the widest vector unit libtorch can use decides most of its speed here
            String vector = flags.contains("avx512f") ? "avx512" : flags.contains("avx2") ? "avx2"
                    : flags.contains("avx") ? "avx" : "no avx";
            name += "; " + vector + ")";
        }
        return name;
    }

    /** Peak resident memory of this process in MB (VmHWM), or -1 where /proc is missing. */
    public static double peakRssMb() {
        return procStatusMb("VmHWM:");
    }

    /** Current resident memory of this process in MB (VmRSS), or -1. */
    public static double rssMb() {
        return procStatusMb("VmRSS:");
    }

    private static double procStatusMb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
