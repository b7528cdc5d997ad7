package org.scda.experiment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Claims on runs, so several {@code scda experiment} processes can share one output folder:
 * a run is trained by the one process holding the OS lock on {@code OUT/.claims/ID.lock}.
 * The operating system drops the lock when its process ends, however it ends, so a killed
 * process never leaves a run claimed.
 *
 * <p>Locks are only as good as the file system: on one host they hold; across hosts a network
 * file system may not pass them on, or refuse them ("No locks available", "Function not
 * implemented"). A {@code --shard} slice does not need them (no other slice has its runs), so
 * it asks with locks optional and trains on without one where they are refused.
 */
public final class RunClaims {
    /** The folder of the lock files under an experiment's output folder. */
    public static final String DIR = ".claims";

    private RunClaims() {
    }

    /** A held claim; closing it releases the run. */
    public static final class Claim implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private final String unlockedBecause;

        private Claim(FileChannel channel, FileLock lock, String unlockedBecause) {
            this.channel = channel;
            this.lock = lock;
            this.unlockedBecause = unlockedBecause;
        }

        /** Whether the run is locked; false only when locks were optional and the file system refused one. */
        public boolean locked() {
            return lock != null;
        }

        /** Why the run is not locked (the file system's message), or empty when it is. */
        public Optional<String> unlockedBecause() {
            return Optional.ofNullable(unlockedBecause);
        }

        @Override
        public void close() throws IOException {
            if (lock == null) {
                return;
            }
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /** One attempt at the lock of an open lock file: the lock, or null when another process holds it. */
    interface LockAttempt {
        FileLock tryLock(FileChannel channel) throws IOException;
    }

    /** The lock file of run {@code runId} ({@code foggy/type2/seed1} -> {@code foggy__type2__seed1.lock}). */
    public static Path lockFile(Path outDir, String runId) {
        return outDir.resolve(DIR).resolve(runId.replace("/", "__") + ".lock");
    }

    /** Claims run {@code runId}, or empty when another process (or this one) holds it; a refused lock is an error. */
    public static Optional<Claim> tryClaim(Path outDir, String runId) throws IOException {
        return tryClaim(outDir, runId, true);
    }

    /**
     * Claims run {@code runId}, or empty when another process (or this one) holds it.
     *
     * @param locksRequired false: where the file system refuses locks, an unlocked claim
     *                      ({@link Claim#locked()} false) instead of the error
     */
    public static Optional<Claim> tryClaim(Path outDir, String runId, boolean locksRequired) throws IOException {
        return tryClaim(lockFile(outDir, runId), FileChannel::tryLock, locksRequired);
    }

    static Optional<Claim> tryClaim(Path file, LockAttempt attempt, boolean locksRequired) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = attempt.tryLock(channel);
            if (lock != null) {
                return Optional.of(new Claim(channel, lock, null));
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM already
        } catch (IOException e) {
            channel.close();
            if (locksRequired) {
                throw e;
            }
            return Optional.of(new Claim(null, null, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        channel.close();
        return Optional.empty();
    }
}
