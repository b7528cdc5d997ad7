package org.scda.experiment;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a runs folder as a study that is still running shows them: a runner renames a
 * checkpoint's or a result's temporary file, clears an unfinished run or moves a copied one in
 * while another process (a report, a runner copying from it with {@code --reuse}) walks the
 * folder. {@link Files#walk} throws when an entry it listed is gone by the time it looks at
 * it; this walk leaves such entries out, and skips the folders whose name starts with a dot
 * (the claims, the staging folder of copies), which hold no finished run.
 */
public final class RunFiles {
    private RunFiles() {
    }

    /** The regular files under {@code root}, sorted; a missing {@code root} is an error. */
    public static List<Path> list(Path root) throws IOException {
        Collector c = new Collector(root);
        Files.walkFileTree(root, c);
        if (c.rootGone) {
            throw new NoSuchFileException(root.toString());
        }
        c.files.sort(null);
        return c.files;
    }

    /** The visitor behind {@link #list}, on its own for tests of entries that vanish. */
    static final class Collector extends SimpleFileVisitor<Path> {
        private final Path root;
        final List<Path> files = new ArrayList<>();
        boolean rootGone;

        Collector(Path root) {
            this.root = root;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return !dir.equals(root) && dir.getFileName().toString().startsWith(".")
                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
                files.add(file);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (!(e instanceof NoSuchFileException)) {
                throw e;
            }
            rootGone |= file.equals(root);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
