package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.bench.TorchReference;

/** {@code scda bench --compare-torch}: usage errors, the missing-python error, and (slow) the same-detector check. */
class BenchCompareTorchTest {
    private static final String DEBIAN_PYTHON = "/usr/bin/python3";

    @Test
    void checkWithoutCompareTorchIsAUsageError() {
        StringWriter err = new StringWriter();

        int code = ScdaCommandTest.run(new StringWriter(), err, "bench", "--check");

        assertThat(code).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--check goes with --compare-torch");
    }

    @Test
    void maskIsAUsageError() {
        StringWriter err = new StringWriter();

        int code = ScdaCommandTest.run(new StringWriter(), err, "bench", "--compare-torch", "--mask");

        assertThat(code).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("drop --mask");
    }

    @Tag("engine")
    @Test
    void missingPythonIsOneLineNamingTheInstallCommand() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = ScdaCommandTest.run(out, err, "bench", "--compare-torch", "--only", "small",
                "--python", "/nonexistent/scda-test/python3");

        assertThat(code).isEqualTo(ScdaCommand.EXIT_FAILED);
        assertThat(err.toString().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("scda: cannot run '/nonexistent/scda-test/python3'").contains(TorchReference.INSTALL));
        assertThat(out.toString()).isEmpty();
    }

    /** Builds VGG16 on both sides (about 550 MB each) and needs Debian's python3-torch. */
    @Tag("slow")
    @Test
    void torchReferenceIsTheSameDetectorForSmallAndVgg16() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(DEBIAN_PYTHON)) && importsTorch(), DEBIAN_PYTHON + " without torch");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = ScdaCommandTest.run(out, err, "bench", "--compare-torch", "--check", "--python", DEBIAN_PYTHON);

        System.out.print(out);
        assertThat(code).as(err.toString()).isEqualTo(ScdaCommand.EXIT_OK);
        Matcher m = Pattern.compile("trainable parameters scda ([0-9,]+), torch ([0-9,]+)").matcher(out.toString());
        int settings = 0;
        while (m.find()) {
            assertThat(m.group(2)).isEqualTo(m.group(1));
            settings++;
        }
        assertThat(settings).isEqualTo(2);
        assertThat(out.toString()).contains("trainable parameters scda 2,370,037").contains("scda 136,753,557");
    }

    private static boolean importsTorch() throws Exception {
        Process p = new ProcessBuilder(DEBIAN_PYTHON, "-c", "import torch, torchvision").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
