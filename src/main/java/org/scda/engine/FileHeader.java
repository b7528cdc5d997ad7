package org.scda.engine;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.scda.util.ScdaException;

/**
 * The first two fields of scda's binary files (checkpoints, adaptation states): a magic string
 * and a format version, checked with errors that name the file.
 */
public final class FileHeader {
    private FileHeader() {
    }

    /**
     * The one-line error for a file of {@code kind} that could not be read to its end (cut short
     * by an interrupted copy, a full disk, a killed writer): it names the file and the cause.
     */
    public static ScdaException unreadable(Path file, String kind, Throwable cause) {
        String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage().split("\n")[0];
        return new ScdaException(file + " is a truncated or corrupt " + kind + " (" + cause.getClass().getSimpleName()
                + detail + "); resume from a copy, or start the run again in a new --out", cause);
    }

    /**
     * Reads and checks the magic and the version.
     *
     * @param kind   what the file should be, e.g. {@code "scda checkpoint"}
     * @param hint   appended to the wrong-magic error (may be empty)
     * @throws ScdaException naming {@code file} when either does not match
     */
    public static void check(Path file, DataInputStream data, String magic, int version, String kind, String hint)
            throws IOException {
        String found;
        try {
            found = data.readUTF();
        } catch (IOException e) {
            found = "";
        }
        if (!magic.equals(found)) {
            throw new ScdaException(file + " is not an " + kind + hint);
        }
        int v = data.readInt();
        if (v != version) {
            throw new ScdaException(file + ": " + kind + " format " + v + " is not supported (expected " + version + ")");
        }
    }
}
