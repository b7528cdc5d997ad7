package org.scda.experiment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.scda.util.LockAttempt;

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

    /**
     * The lock files this JVM holds a claim on. It is asked before a lock file is opened: on
     * Linux, closing any channel of a file drops every lock this process holds on it, so a
     * second attempt that opened, failed and closed the file would release the first claim.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private RunClaims() {
    }

    /** A held claim; closing it releases the run. */
    public static final class Claim implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;
        private final String unlockedBecause;

        private Claim(Path file, FileChannel channel, FileLock lock, String unlockedBecause) {
            this.file = file;
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
                HELD.remove(file);
                return;
            }
            try {
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    HELD.remove(file);
                }
            }
        }
    }

    /** The lock file of run {@code runId} ({@code foggy/type2/seed1} -> {@code foggy__type2__seed1.lock}). */
    public static Path lockFile(Path outDir, String runId) {
        return outDir.resolve(DIR).resolve(key(runId) + ".lock");
    }

    /**
     * Run {@code runId} as one file name: {@code foggy/type2/seed1} -> {@code foggy__type2__seed1},
     * one per run as scenario and variant names hold no {@code __} ({@link ExperimentSpec}).
     */
    public static String key(String runId) {
        return runId.replace("/", "__");
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

    static Optional<Claim> tryClaim(Path lockFile, LockAttempt attempt, boolean locksRequired) throws IOException {
        Files.createDirectories(lockFile.getParent());
        // one name per file, whatever path (links included) leads to it
        Path file = lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        if (!HELD.add(file)) {
            return Optional.empty(); // this JVM holds it: opening the file again could release it
        }
        boolean claimed = false;
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = attempt.tryLock(channel);
                if (lock != null) {
                    claimed = true;
                    return Optional.of(new Claim(file, channel, lock, null));
                }
            } catch (OverlappingFileLockException e) {
                // held by this JVM under a name HELD did not know (a hard link): closing this
                // channel would drop that lock, so it stays open (a descriptor, until exit)
                return Optional.empty();
            } catch (IOException e) {
                channel.close();
                if (locksRequired) {
                    throw e;
                }
                claimed = true;
                return Optional.of(new Claim(file, null, null, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            channel.close();
            return Optional.empty();
        } finally {
            if (!claimed) {
                HELD.remove(file);
            }
        }
    }
}
