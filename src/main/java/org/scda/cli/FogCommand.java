package org.scda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.scda.data.fog.FogSynthesizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code scda fog}: adds Koschmieder fog to every image of a folder, Foggy Cityscapes style. */
@Command(name = "fog",
        mixinStandardHelpOptions = true,
        description = {"Add synthetic fog (I = t*R + (1-t)*L, t = exp(-beta*d)) to every image under a folder.",
                "Depth d comes from Cityscapes disparity maps (*_disparity.png) and camera files",
                "(*_camera.json) when --disparity and --camera are given, else from a flat-ground prior.",
                "Outputs are named like Foggy Cityscapes: X_leftImg8bit.png -> X_leftImg8bit_foggy_beta_0.02.png;",
                "other names get _foggy_beta_BETA appended. Sub-folders are kept.",
                "An image that cannot be read (truncated, corrupt, over the pixel limit) is skipped",
                "and counted, and the first few are named at the end; --strict stops at the first."})
public final class FogCommand implements Callable<Integer> {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder of clear images (searched recursively).")
    Path images;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--beta", defaultValue = "0.02", paramLabel = "B",
            description = "Attenuation in 1/m; Foggy Cityscapes uses 0.005, 0.01, 0.02 (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--disparity", paramLabel = "DIR", description = "Cityscapes disparity folder (needs --camera).")
    Path disparity;

    @Option(names = "--camera", paramLabel = "DIR", description = "Cityscapes camera folder (needs --disparity).")
    Path camera;

    @Option(names = "--horizon", defaultValue = "0.45", paramLabel = "F",
            description = "Flat-ground prior: horizon row as a fraction of the height (default: ${DEFAULT-VALUE}).")
    double horizon;

    @Option(names = "--strict", description = "Stop at the first image that cannot be read instead of skipping it.")
    boolean strict;

    @Override
    public Integer call() throws IOException {
        if ((disparity == null) != (camera == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--disparity and --camera go together");
        }
        if (!(beta >= 0) || !(horizon >= 0 && horizon < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--beta must be >= 0 and --horizon in [0, 1)");
        }
        FogSynthesizer.Options options = FogSynthesizer.Options.defaults(beta).withHorizon(horizon);
        if (disparity != null) {
            options = options.withDisparity(disparity, camera);
        }
        FogSynthesizer.Result r = FogSynthesizer.fogFolder(images, out, options, strict);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "fogged %d images (beta %s; %d with disparity depth, %d with the flat-ground prior) into %s%n",
                r.written(), FogSynthesizer.formatBeta(beta), r.fromDisparity(), r.written() - r.fromDisparity(),
                out.toAbsolutePath().normalize());
        pw.flush();
        if (!r.skipped().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("scda fog: skipped " + r.skipped().total() + " of " + (r.written() + r.skipped().total()) + " images:");
            r.skipped().describe().forEach(line -> err.println("  " + line));
            err.flush();
        }
        return ScdaCommand.EXIT_OK;
    }
}
