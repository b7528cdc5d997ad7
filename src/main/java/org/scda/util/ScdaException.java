package org.scda.util;

/**
 * A failure to report to the user as one line (exit code 1), not as a stack trace: missing
 * file, bad data, a run that could not finish. Programming errors stay ordinary exceptions.
 */
public class ScdaException extends RuntimeException {

    public ScdaException(String message) {
        super(message);
    }

    public ScdaException(String message, Throwable cause) {
        super(message, cause);
    }
}
