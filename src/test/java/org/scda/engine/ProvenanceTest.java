package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The commit a result records: the build's, else the working directory's. */
class ProvenanceTest {

    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    private static InputStream props(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theBuildsCommitWinsOverTheWorkingDirectorys() throws IOException {
        assertThat(Provenance.gitCommit(props("git_commit=" + HASH + "\n"), () -> "elsewhere")).isEqualTo(HASH);
        assertThat(Provenance.gitCommit(props("git_commit=" + HASH + "-dirty\n"), () -> "elsewhere"))
                .isEqualTo(HASH + "-dirty");
    }

    @Test
    void withoutBuildPropertiesTheWorkingDirectoryAnswers() throws IOException {
        assertThat(Provenance.gitCommit(null, () -> "from git")).isEqualTo("from git");
    }

    @Test
    void aBuildThatFoundNoCommitSaysUnknownRatherThanGuessing() throws IOException {
        // a build without git writes "unknown"; an Ant property left unexpanded or a truncated
        // file is no commit either: the working directory may be another checkout, so not asked
        for (String text : new String[] {"git_commit=unknown\n", "git_commit=${scda.commit}\n", "", "git_commit=0123\n"}) {
            assertThat(Provenance.gitCommit(props(text), () -> "elsewhere")).as(text).isEqualTo("unknown");
        }
    }

    @Test
    void theBuildRecordedTheCheckoutsHead() throws Exception {
        // the classes under test were built by Maven from this checkout: its file names HEAD
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream(Provenance.BUILD_PROPERTIES)) {
            assertThat(in).as("the build writes " + Provenance.BUILD_PROPERTIES).isNotNull();
            p.load(in);
        }
        String head = gitHead();
        assumeTrue(head != null, "no git or no repository here: the build recorded 'unknown'");
        assertThat(p.getProperty("git_commit")).startsWith(head);
        assertThat(Provenance.gitCommit()).isEqualTo(p.getProperty("git_commit"));
    }

    private static String gitHead() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
