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

        private Claim(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /** The lock file of run {@code runId} ({@code foggy/type2/seed1} -> {@code foggy__type2__seed1.lock}). */
    public static Path lockFile(Path outDir, String runId) {
        return outDir.resolve(DIR).resolve(runId.replace("/", "__") + ".lock");
    }

    /** Claims run {@code runId}, or empty when another process (or this one) holds it. */
    public static Optional<Claim> tryClaim(Path outDir, String runId) throws IOException {
        Path file = lockFile(outDir, runId);
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new Claim(channel, lock));
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM already
        }
        channel.close();
        return Optional.empty();
    }
}
