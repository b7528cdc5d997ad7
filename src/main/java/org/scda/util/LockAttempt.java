package org.scda.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * One attempt at the lock of an open lock file: the lock, or null while another process holds
 * it. Production code passes {@code FileChannel::tryLock}; tests stand in a file system that
 * refuses locks. Shared by the run claims and the synthetic benchmark cache.
 */
@FunctionalInterface
public interface LockAttempt {
    FileLock tryLock(FileChannel channel) throws IOException;
}
