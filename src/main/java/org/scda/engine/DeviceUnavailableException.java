package org.scda.engine;

import org.scda.util.ScdaException;

/**
 * A run asked for a device this machine or build cannot give it (an unknown name, a GPU without
 * CUDA natives or without a visible GPU); raised before anything is loaded or written. The CLI
 * reports it as a usage error (exit code 2), in one line.
 */
public final class DeviceUnavailableException extends ScdaException {

    public DeviceUnavailableException(String message) {
        super(message);
    }
}
