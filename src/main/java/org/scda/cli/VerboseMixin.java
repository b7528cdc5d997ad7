package org.scda.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --verbose}: debug logging and stack traces on failure. Mix into every subcommand. */
public final class VerboseMixin {

    @Option(names = {"-v", "--verbose"}, description = "Debug logging; print stack traces on failure.")
    boolean verbose;

    static boolean isVerbose(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (p != null) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
            p = p.subcommand();
        }
        return false;
    }
}
