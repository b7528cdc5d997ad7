package org.scda.cli;

import java.io.PrintWriter;
import org.scda.engine.DeviceUnavailableException;
import org.scda.engine.RunStoppedException;
import org.scda.util.ScdaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The root command: lists the subcommands and maps failures to exit codes
 * (0 success, 2 bad usage, also a device the machine or build cannot give, 1 a failed run with a
 * one-line reason on stderr, the stack trace only with {@code --verbose}; a run stopped by SIGINT
 * or SIGTERM, 130 or 143).
 */
@Command(name = "scda",
        mixinStandardHelpOptions = true,
        version = "scda 0.1.0",
        description = {
                "Adapt object detectors to a new visual domain without target labels",
                "(Selective Cross-Domain Alignment, CVPR 2019).",
                "",
                "Datasets are named as FORMAT:PATH[?key=value&...], for example",
                "  coco:ann/train.json  voc:DIR?split=train  cityscapes:DIR?split=val",
                "  foggy-cityscapes:DIR?split=val&beta=0.02  kitti:DIR  images:DIR",
                "  synth:foggy/target/val   (built-in benchmark, generated on first use)",
                "Class mapping: ?classes=car  or  ?map=Van:car,Car:car"},
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                SynthCommand.class,
                DataCommand.class,
                FogCommand.class,
                TrainCommand.class,
                AdaptCommand.class,
                DetectCommand.class,
                EvalCommand.class,
                DomainGapCommand.class,
                AdabnCommand.class,
                ExperimentCommand.class,
                ReportCommand.class,
                BenchCommand.class,
        })
public final class ScdaCommand implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line, for {@link Main} and for tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ScdaCommand());
        cl.setExecutionExceptionHandler(ScdaCommand::handleFailure);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("scda: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        return cl;
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    private static int handleFailure(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = VerboseMixin.isVerbose(parsed);
        if (ex instanceof DeviceUnavailableException) {
            // a usage error found once the engine could be asked: one line, like a bad flag, without the usage hint
            err.println("scda: " + oneLine(ex));
            err.flush();
            return EXIT_USAGE;
        }
        if (ex instanceof RunStoppedException stopped) {
            err.println("scda: " + oneLine(ex));
            err.flush();
            return stopped.exitCode();
        }
        if (ex instanceof ScdaException || ex instanceof java.io.IOException || ex instanceof IllegalArgumentException) {
            err.println("scda: " + oneLine(ex));
        } else {
            err.println("scda: internal error: " + oneLine(ex) + (verbose ? "" : " (run with --verbose for the stack trace)"));
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_FAILED;
    }

    private static String oneLine(Throwable ex) {
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        } else if (ex instanceof java.nio.file.NoSuchFileException) {
            msg = "no such file: " + msg;
        } else if (ex instanceof java.nio.file.FileAlreadyExistsException) {
            msg = msg + " already exists";
        }
        return msg.replace('\n', ' ');
    }
}
