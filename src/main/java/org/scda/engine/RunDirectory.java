package org.scda.engine;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.scda.util.ScdaException;

/**
 * The start of a run in its directory, shared by {@code scda train} and {@code scda adapt}:
 * the directory must be one (or creatable), must not hold a run unless it is resumed, and loses
 * the temporary files of checkpoint writes that a killed process left behind (10-20 MB each on
 * the CPU default).
 */
public final class RunDirectory {
    private RunDirectory() {
    }

    /**
     * Prepares {@code dir} for a run.
     *
     * @param resume whether the run continues the one in {@code dir} (when there is one)
     * @param log    told what was removed
     * @return whether there is a run to resume (its last checkpoint exists and {@code resume} is set)
     * @throws ScdaException when {@code dir} is not a directory, or holds a run and {@code resume} is not set
     */
    public static boolean prepare(Path dir, boolean resume, Consumer<String> log) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ScdaException("the run directory " + dir + " is not a directory but a file: choose another --out");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ScdaException("cannot create the run directory " + dir + ": " + e.getFile()
                    + " is a file, not a directory: choose another --out", e);
        } catch (FileSystemException e) {
            throw new ScdaException("cannot create the run directory " + dir + ": "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()) + ": choose another --out", e);
        }
        Path last = dir.resolve(Checkpoints.LAST);
        if (!resume && Files.exists(last)) {
            throw new ScdaException(dir + " already holds a run: pass --resume to continue it or choose another --out");
        }
        removeLeftovers(dir, log);
        return resume && Files.isRegularFile(last);
    }

    /** Deletes the leftovers of interrupted checkpoint writes in {@code dir}; returns how many. */
    static int removeLeftovers(Path dir, Consumer<String> log) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(dir)) {
            leftovers = files.filter(p -> Checkpoints.isLeftover(p.getFileName().toString()))
                    .filter(Files::isRegularFile).toList();
        }
        long bytes = 0;
        for (Path p : leftovers) {
            bytes += Files.size(p);
            Files.delete(p);
        }
        if (!leftovers.isEmpty()) {
            log.accept(String.format(Locale.ROOT, "removed %d unfinished checkpoint file%s (%.1f MB) that an"
                    + " interrupted write left in %s", leftovers.size(), leftovers.size() == 1 ? "" : "s",
                    bytes / 1e6, dir));
        }
        return leftovers.size();
    }
}
