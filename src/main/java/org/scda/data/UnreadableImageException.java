package org.scda.data;

import java.nio.file.Path;

/**
 * An image file that cannot be used: missing, not an image, truncated, corrupt, or over the
 * pixel limit of {@link ImageFiles}. The message is one line naming the file. Commands that
 * work through many images catch this one exception to skip and count the file, and let every
 * other failure stop the run.
 */
public class UnreadableImageException extends DataFormatException {
    private final String detail;

    public UnreadableImageException(Path file, String detail) {
        super(file, detail);
        this.detail = detail;
    }

    public UnreadableImageException(Path file, String detail, Throwable cause) {
        super(file, detail, cause);
        this.detail = detail;
    }

    /** What is wrong, without the file name (for reports that name the file themselves). */
    public String detail() {
        return detail;
    }
}
