package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's thread choice ({@code ./scda}): the first run without {@code SCDA_THREADS} takes
 * all cores and holds a lock for its lifetime; a run that starts while it lasts takes one thread
 * and says so; {@code SCDA_THREADS} always wins. Run on a copy of the launcher with a stand-in
 * {@code java} that records its arguments, so no engine starts.
 */
class LauncherThreadsTest {

    @TempDir
    Path dir;

    private Path launcher() throws Exception {
        assumeTrue(new File("/usr/bin/flock").canExecute() || new File("/bin/flock").canExecute(), "flock");
        Path copy = dir.resolve("scda");
        Files.copy(Path.of("scda"), copy);
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/scda.jar"), ""); // no src/ or pom.xml beside it: never rebuilt
        Files.writeString(dir.resolve("target/scda.jar.build-args"), "");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/bash\necho \"$@\" > \"$FAKE_OUT\"\nexec sleep \"${FAKE_SLEEP:-0}\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        return copy;
    }

    private Process start(Path launcher, String name, int sleepSeconds, String threads) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "--version")
                .redirectError(dir.resolve(name + ".err").toFile()).redirectOutput(dir.resolve(name + ".out").toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", dir.resolve("bin") + File.pathSeparator + env.get("PATH"));
        env.put("SCDA_LOCK_DIR", dir.toString());
        env.put("FAKE_OUT", dir.resolve(name + ".args").toString());
        env.put("FAKE_SLEEP", Integer.toString(sleepSeconds));
        env.remove("SCDA_THREADS");
        if (threads != null) {
            env.put("SCDA_THREADS", threads);
        }
        return pb.start();
    }

    private static String uid() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        return new String(p.getInputStream().readAllBytes()).strip();
    }

    private String threadsOf(String name) throws Exception {
        String args = Files.readString(dir.resolve(name + ".args"));
        return args.replaceAll("(?s).*-Dai\\.djl\\.pytorch\\.num_threads=(\\S+).*", "$1").strip();
    }

    private void waitFor(Path file) throws InterruptedException {
        for (int i = 0; i < 200 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
        assertThat(file).exists();
    }

    @Test
    void theFirstRunTakesTheCoresAndOneThatStartsMeanwhileTakesOneThread() throws Exception {
        Path scda = launcher();
        String cores = Integer.toString(Runtime.getRuntime().availableProcessors());
        Process first = start(scda, "first", 30, null);
        waitFor(dir.resolve("first.args"));
        assertThat(threadsOf("first")).isEqualTo(cores);
        Path guests = dir.resolve("scda-" + uid() + ".threads.lock.guests");
        assertThat(Files.readString(dir.resolve("first.args")))
                .as("the first run watches for later ones").contains("-Dscda.threads.guests-watch=" + guests)
                .doesNotContain("guests-join");

        Process second = start(scda, "second", 0, null);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(threadsOf("second")).isEqualTo("1");
        assertThat(Files.readString(dir.resolve("second.args")))
                .as("a later run registers with the first").contains("-Dscda.threads.guests-join=" + guests)
                .doesNotContain("guests-watch");
        assertThat(Files.readString(dir.resolve("second.err")))
                .as("the guest's note is Java's, when a model runs (ThreadShareTest)").doesNotContain("another scda run");

        Process chosen = start(scda, "chosen", 0, "3");
        assertThat(chosen.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(threadsOf("chosen")).as("SCDA_THREADS wins").isEqualTo("3");
        assertThat(Files.readString(dir.resolve("chosen.err"))).doesNotContain("another scda run");
        assertThat(Files.readString(dir.resolve("chosen.args"))).as("SCDA_THREADS: no sharing").doesNotContain("guests");

        first.destroy(); // the launcher became its java (exec), which holds the lock: it ends with it
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Process after = start(scda, "after", 0, null);
        assertThat(after.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(threadsOf("after")).as("the cores are free again").isEqualTo(cores);
        assertThat(List.of(Files.readString(dir.resolve("after.err")))).noneMatch(e -> e.contains("another scda run"));
    }
}
