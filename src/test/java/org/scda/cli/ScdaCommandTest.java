package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScdaCommandTest {

    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = ScdaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void noSubcommandPrintsUsage() {
        StringWriter out = new StringWriter();
        int code = run(out, new StringWriter());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: scda");
    }

    @Test
    void unknownOptionIsUsageError() {
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "--no-such-option");
        assertThat(code).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("no-such-option");
    }
}
