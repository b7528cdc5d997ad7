package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {
    @TempDir
    Path root;

    private Path file(String rel) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "x");
    }

    @Test
    void listsEveryFileInSortedOrderButNoneUnderADotFolder() throws Exception {
        Path result = file("foggy/so/seed1/result.json");
        Path picture = file("foggy/so/seed1/pictures/a.png");
        Path metrics = file("camera/so/seed1/metrics.jsonl");
        file(".reuse-staging/foggy__so__seed2/result.json");
        file(".claims/foggy__so__seed1.lock");

        assertThat(RunFiles.list(root)).containsExactly(metrics, picture, result);
    }

    @Test
    void anEntryThatIsGoneByTheTimeTheWalkLooksAtItIsLeftOut() throws Exception {
        RunFiles.Collector c = new RunFiles.Collector(root);
        // a checkpoint's temporary file renamed, a run folder cleared, after their folder was listed
        assertThat(c.visitFileFailed(root.resolve("foggy/so/seed1/model.ckpt.tmp"),
                new NoSuchFileException("model.ckpt.tmp"))).isEqualTo(FileVisitResult.CONTINUE);
        assertThat(c.postVisitDirectory(root.resolve("foggy/so/seed2"), new NoSuchFileException("seed2")))
                .isEqualTo(FileVisitResult.CONTINUE);
        assertThat(c.files).isEmpty();
        // anything else is still an error
        assertThatThrownBy(() -> c.visitFileFailed(root.resolve("secret"), new AccessDeniedException("secret")))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aMissingFolderIsAnError() {
        assertThatThrownBy(() -> RunFiles.list(root.resolve("nowhere"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nowhere");
    }
}
