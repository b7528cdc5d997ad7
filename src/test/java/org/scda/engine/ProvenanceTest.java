package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    void theCpuIsNamedWithItsFamilyAndWidestVectorUnit() {
        List<String> zen3 = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 25", "model\t\t: 1",
                "model name\t: AMD EPYC", "flags\t\t: fpu sse4_2 avx f16c avx2 bmi2", "",
                "processor\t: 1", "model name\t: Other", "flags\t\t: avx512f");
        assertThat(Provenance.cpu(zen3)).isEqualTo("AMD EPYC (family 25, model 1; avx2)");
        List<String> zen5 = List.of("cpu family\t: 26", "model\t\t: 2", "model name\t: AMD EPYC",
                "flags\t\t: avx avx2 avx512f avx512bw");
        assertThat(Provenance.cpu(zen5)).isEqualTo("AMD EPYC (family 26, model 2; avx512)");
        // another architecture's cpuinfo (aarch64 names no model name or family)
        assertThat(Provenance.cpu(List.of("processor\t: 0", "Features\t: fp asimd"))).isEqualTo("unknown");
        assertThat(Provenance.cpu()).as("this machine's").isNotBlank();
    }

    @Test
    void theBuildsCommitWinsOverTheWorkingDirectorys() throws IOException {
        assertThat(Provenance.gitCommit(props("git_commit=" + HASH + "\n"), () -> "elsewhere")).isEqualTo(HASH);
        assertThat(Provenance.gitCommit(props("git_commit=" + HASH + "-dirty\n"), () -> "elsewhere"))
                .isEqualTo(HASH + "-dirty");
        String sha256 = HASH + "0123456789abcdef01234567";
        assertThat(Provenance.gitCommit(props("git_commit=" + sha256 + "\n"), () -> "elsewhere")).isEqualTo(sha256);
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
    void theBuildRecordedTheCodesCommitAndWhetherItWasChanged() throws Exception {
        // the classes under test were built by Maven from this checkout (mvn test): its file
        // names the last commit of src/main or pom.xml, "-dirty" with changes there not committed
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream(Provenance.BUILD_PROPERTIES)) {
            assertThat(in).as("the build writes " + Provenance.BUILD_PROPERTIES).isNotNull();
            p.load(in);
        }
        String code = git("log", "-1", "--format=%H", "--", "src/main", "pom.xml");
        String status = git("--no-optional-locks", "status", "--porcelain", "--untracked-files=normal", "--",
                "src/main", "pom.xml");
        assumeTrue(code != null && code.matches("[0-9a-f]{40}") && status != null,
                "no git or no repository here: the build recorded 'unknown'");
        assertThat(p.getProperty("git_commit")).isEqualTo(code + (status.isBlank() ? "" : "-dirty"));
    }

    /** {@code git ARGS} in the working directory, trimmed; null when it cannot run or fails. */
    private static String git(String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            Process git = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
