package org.scda.engine;

/**
 * A request to stop a run, from another thread (a signal handler, a shutdown hook, a test).
 * {@link TrainingLoop} looks at it between iterations and {@link DetectorRunner} between images,
 * so native work is never cut off in the middle; the first request wins.
 */
public final class StopRequest {
    private volatile boolean requested;
    private volatile String cause;
    private volatile int exitCode;

    /**
     * Requests the stop.
     *
     * @param cause    what asked for it, for messages (e.g. {@code SIGTERM})
     * @param exitCode the exit code the process should end with (e.g. 143 for SIGTERM)
     * @return whether this was the first request
     */
    public synchronized boolean request(String cause, int exitCode) {
        if (requested) {
            return false;
        }
        this.cause = cause;
        this.exitCode = exitCode;
        this.requested = true;
        return true;
    }

    public boolean isRequested() {
        return requested;
    }

    /** What asked for the stop, or null when none did. */
    public String cause() {
        return cause;
    }

    /** The exit code the requester asked for (0 when no stop was requested). */
    public int exitCode() {
        return exitCode;
    }

    /** Throws {@link RunStoppedException} with {@code message} when a stop was requested. */
    public void throwIfRequested(String message) {
        if (requested) {
            throw stopped(message);
        }
    }

    /** The exception that ends a stopped run: {@code "stopped by CAUSE " + detail}. */
    public RunStoppedException stopped(String detail) {
        return new RunStoppedException("stopped by " + cause + " " + detail, exitCode);
    }
}
