package org.scda.engine;

import org.scda.util.ScdaException;

/**
 * A run stopped on request ({@link StopRequest}) before it finished; the message says where and
 * which checkpoint a {@code --resume} continues from.
 */
public final class RunStoppedException extends ScdaException {
    private final int exitCode;

    public RunStoppedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The exit code the process should end with (130 for SIGINT, 143 for SIGTERM). */
    public int exitCode() {
        return exitCode;
    }
}
