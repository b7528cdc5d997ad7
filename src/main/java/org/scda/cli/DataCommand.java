package org.scda.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scda data}: look at and convert datasets. Prints its usage when called alone. */
@Command(name = "data",
        mixinStandardHelpOptions = true,
        description = {"Inspect and convert datasets named as FORMAT:PATH[?key=value&...]."},
        subcommands = {DataStatsCommand.class, DataConvertCommand.class})
public final class DataCommand implements Runnable {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
