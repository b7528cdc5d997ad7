package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
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

    /** {@code scda --help} lists each command by its header's or description's first line: a whole sentence, not a cut one. */
    @Test
    void everyCommandsSummaryIsAWholeSentence() {
        Map<String, CommandLine> commands = ScdaCommand.commandLine().getSubcommands();
        assertThat(commands).containsKeys("demo", "adapt", "adabn", "domain-gap", "experiment");
        commands.forEach((name, cl) -> {
            // picocli lists a command by its header's first line, else its description's
            var usage = cl.getCommandSpec().usageMessage();
            String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
            assertThat(lines).as(name).isNotEmpty();
            assertThat(lines[0].strip()).as("summary of scda %s", name).endsWith(".");
        });
    }
}
