package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.util.LockAttempt;

class RunClaimsTest {
    @TempDir
    Path tmp;

    /** What Java reports where a network file system refuses locks. */
    static final LockAttempt REFUSED = channel -> {
        throw new IOException("No locks available");
    };

    @Test
    void aClaimOnALocalFolderIsLocked() throws Exception {
        try (RunClaims.Claim claim = RunClaims.tryClaim(tmp, "foggy/so/seed1", false).orElseThrow()) {
            assertThat(claim.locked()).isTrue();
            assertThat(claim.unlockedBecause()).isEmpty();
            assertThat(RunClaims.tryClaim(tmp, "foggy/so/seed1", false)).isEmpty();
        }
    }

    @Test
    void aRefusedLockIsAnErrorWhereLocksAreRequired() {
        Path file = RunClaims.lockFile(tmp, "foggy/so/seed1");
        assertThatThrownBy(() -> RunClaims.tryClaim(file, REFUSED, true)).isInstanceOf(IOException.class)
                .hasMessage("No locks available");
    }

    @Test
    void aRefusedLockGivesAnUnlockedClaimWhereLocksAreOptional() throws Exception {
        Path file = RunClaims.lockFile(tmp, "foggy/so/seed1");
        Optional<RunClaims.Claim> claim = RunClaims.tryClaim(file, REFUSED, false);
        assertThat(claim).isPresent();
        assertThat(claim.get().locked()).isFalse();
        assertThat(claim.get().unlockedBecause()).contains("No locks available");
        claim.get().close();
        // the lock file's channel was closed: a real claim still works afterwards
        try (RunClaims.Claim real = RunClaims.tryClaim(file, FileChannel::tryLock, true).orElseThrow()) {
            assertThat(real.locked()).isTrue();
        }
    }

    /** Another process: tries the lock file in its argument and says "free" or "held". */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
                System.out.println(channel.tryLock() == null ? "held" : "free");
            }
        }
    }

    private static String probe(Path lockFile) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path err = lockFile.resolveSibling("probe.err");
        Process p = new ProcessBuilder(java, "-cp", classpath, Probe.class.getName(), lockFile.toString())
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe's stderr is in " + err).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void askingForARunThisProcessHoldsDoesNotLetAnotherProcessTakeIt() throws Exception {
        // on Linux, opening and closing the lock file again would drop this process's lock on it
        try (RunClaims.Claim claim = RunClaims.tryClaim(tmp, "foggy/so/seed1").orElseThrow()) {
            assertThat(RunClaims.tryClaim(tmp, "foggy/so/seed1")).isEmpty();
            assertThat(RunClaims.tryClaim(tmp, "foggy/so/seed1")).isEmpty();
            assertThat(probe(RunClaims.lockFile(tmp, "foggy/so/seed1"))).isEqualTo("held");
        }
        assertThat(probe(RunClaims.lockFile(tmp, "foggy/so/seed1"))).isEqualTo("free");
        try (RunClaims.Claim again = RunClaims.tryClaim(tmp, "foggy/so/seed1").orElseThrow()) {
            assertThat(again.locked()).as("a released claim can be taken again").isTrue();
        }
    }
}
