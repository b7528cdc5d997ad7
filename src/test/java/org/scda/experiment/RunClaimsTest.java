package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunClaimsTest {
    @TempDir
    Path tmp;

    /** What Java reports where a network file system refuses locks. */
    static final RunClaims.LockAttempt REFUSED = channel -> {
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
}
