package org.scda.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.experiment.RunResultsForTests;

class RunCollectionTest {
    @TempDir
    Path out;

    @Test
    void neitherACopyStillInTheStagingFolderNorAnEmptyResultIsARun() throws Exception {
        RunResultsForTests.write(out, "foggy", "so", "source-only", 1, 60);
        // a copy from a --reuse folder killed before its move into place
        RunResultsForTests.write(out.resolve(".reuse-staging"), "foggy", "so", "source-only", 2, 60);
        Files.createDirectories(out.resolve(".claims"));
        // a result a power loss left empty: a run to make again, not a run to report
        Files.createDirectories(out.resolve("foggy/so/seed3"));
        Files.writeString(out.resolve("foggy/so/seed3/result.json"), "");

        RunCollection runs = RunCollection.load(out);

        assertThat(runs.runs()).extracting(r -> r.result().run()).containsExactly("foggy/so/seed1");
    }
}
