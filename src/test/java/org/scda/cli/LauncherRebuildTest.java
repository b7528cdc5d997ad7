package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the launcher ({@code ./scda}) rebuilds its jar: first use, newer sources, other build
 * arguments, and, in a git checkout, a change of the code's commit (the last commit of
 * {@code src/main} or {@code pom.xml}, "-dirty" with uncommitted changes there), the one the
 * build records in the jar; a commit of anything else does not. Run on a copy of the launcher in
 * a scratch repository with a stand-in {@code mvn} that counts builds and a stand-in {@code java}.
 */
class LauncherRebuildTest {

    @TempDir
    Path dir;

    private Path launcher;

    @BeforeEach
    void checkout() throws Exception {
        assumeTrue(run(dir, "git", "--version") == 0, "git");
        launcher = dir.resolve("scda");
        Files.copy(Path.of("scda"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("src/main/java"));
        Files.writeString(dir.resolve("src/main/java/A.java"), "class A {}\n");
        Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        Files.writeString(dir.resolve("README.md"), "readme\n");
        Files.writeString(dir.resolve(".gitignore"), "target/\nbin/\n*.count\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // the stand-in build: counts itself and writes a jar
        script(bin.resolve("mvn"), "#!/bin/bash\necho x >> \"$BUILDS\"\nmkdir -p target\necho jar > target/scda.jar\n");
        script(bin.resolve("java"), "#!/bin/bash\nexit 0\n");
        assertThat(git("init", "-q")).isZero();
        commitAll("first");
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t",
                "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        return run(dir, cmd.toArray(String[]::new));
    }

    private void commitAll(String message) throws Exception {
        assertThat(git("add", "-A")).isZero();
        assertThat(git("commit", "-q", "-m", message)).isZero();
    }

    private static int run(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /** Runs the launcher; how many builds there have been so far. */
    private int launchAndCountBuilds() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "--version").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("PATH", dir.resolve("bin") + File.pathSeparator + env.get("PATH"));
        env.put("BUILDS", dir.resolve("builds.count").toString());
        env.put("SCDA_THREADS", "1");
        env.put("SCDA_LOCK_DIR", dir.toString());
        env.remove("SCDA_BUILD_ARGS");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Path count = dir.resolve("builds.count");
        return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    }

    /** Sets every source's time back, so that only the code's commit can call for a build. */
    private void ageSources() throws Exception {
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.setLastModifiedTime(dir.resolve("src/main/java/A.java"), old);
        Files.setLastModifiedTime(dir.resolve("src/main/java"), old);
        Files.setLastModifiedTime(dir.resolve("src/main"), old);
        Files.setLastModifiedTime(dir.resolve("pom.xml"), old);
    }

    @Test
    void aCommitOfCodeRebuildsAndACommitOfAnythingElseDoesNot() throws Exception {
        assertThat(launchAndCountBuilds()).as("first use").isEqualTo(1);
        assertThat(launchAndCountBuilds()).as("nothing changed").isEqualTo(1);

        Files.writeString(dir.resolve("README.md"), "readme, edited\n");
        commitAll("docs");
        assertThat(launchAndCountBuilds()).as("a commit of the README only").isEqualTo(1);

        // an edit of the code, with its file time set back: the code's state is now -dirty
        Files.writeString(dir.resolve("src/main/java/A.java"), "class A { int x; }\n");
        ageSources();
        assertThat(launchAndCountBuilds()).as("uncommitted code").isEqualTo(2);
        assertThat(launchAndCountBuilds()).as("the same uncommitted code").isEqualTo(2);

        commitAll("code");
        ageSources();
        assertThat(launchAndCountBuilds()).as("the code committed: its commit changed, no longer dirty").isEqualTo(3);
        assertThat(launchAndCountBuilds()).isEqualTo(3);
    }

    @Test
    void aJarOutsideAGitCheckoutIsNotRebuiltForWantOfACommit() throws Exception {
        assertThat(launchAndCountBuilds()).isEqualTo(1);
        run(dir, "rm", "-rf", ".git"); // a frozen copy of the checkout: the stamp names a commit no one can check
        ageSources();
        assertThat(launchAndCountBuilds()).isEqualTo(1);
    }
}
