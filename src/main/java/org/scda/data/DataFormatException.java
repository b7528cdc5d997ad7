package org.scda.data;

import java.nio.file.Path;
import org.scda.util.ScdaException;

/**
 * Input that cannot be read: names the file and, where there is one, the line.
 */
public class DataFormatException extends ScdaException {

    public DataFormatException(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
    }

    public DataFormatException(Path file, String message) {
        this(file, 0, message);
    }

    public DataFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
