package org.scda.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test helper: {@code scda} in a JVM of its own, with the test class path, the offline DJL
 * settings and one libtorch thread, as {@code ./scda} would start it; its output and error
 * output go to files.
 */
public final class ChildScda {
    private ChildScda() {
    }

    /**
     * Starts {@code scda args} in {@code workDir}.
     *
     * @param properties system properties of the child ({@code -Dkey=value})
     * @param stdout     file of its output
     * @param stderr     file of its error output
     */
    public static Process start(Path workDir, Map<String, String> properties, List<String> args, Path stdout, Path stderr)
            throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Djava.awt.headless=true"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(classpath);
        command.add("org.scda.cli.Main");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }
}
