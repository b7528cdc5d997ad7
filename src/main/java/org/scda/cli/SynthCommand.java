package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.scda.data.synth.Scenario;
import org.scda.data.synth.SynthBenchmark;
import org.scda.data.synth.SynthPair;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scda synth}: writes a built-in synthetic source-to-target benchmark as COCO splits. */
@Command(name = "synth",
        header = "Generate a built-in synthetic domain-shift benchmark (foggy, sim2real, camera).",
        mixinStandardHelpOptions = true,
        description = {"Generate a synthetic domain-shift benchmark (procedural street scenes;",
                "classes car, person, bus, bicycle) as COCO JSON + PNG:",
                "  DIR/source/{train,val}.json, DIR/target/train.json (no labels),",
                "  DIR/target/val.json, DIR/target_oracle/train.json (labels of target/train),",
                "  DIR/benchmark.json (provenance, shift parameters, image statistics).",
                "Scenarios: foggy (clear -> fog from depth), sim2real (flat-shaded -> textured,",
                "lit, noisy), camera (90 deg wide camera -> 65 deg camera of another size and",
                "colour response). --strength scales the shift: 0 renders the target in the",
                "source's style (no shift), 1 is the default pair; dataset specs take it as",
                "synth:foggy@0.3/target/val."})
public final class SynthCommand implements Callable<Integer> {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "NAME", description = "foggy, sim2real or camera; or a named pair at the paper's level of shift:"
                    + " foggy-paper (foggy at strength 0.3), sim2real-paper (0.55), camera-paper (2).")
    String scenario;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "" + SynthBenchmark.DEFAULT_SEED, paramLabel = "N",
            description = "Random seed; the same seed gives identical files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--size", defaultValue = SynthBenchmark.DEFAULT_WIDTH + "x" + SynthBenchmark.DEFAULT_HEIGHT,
            paramLabel = "WxH", description = "Source image size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--train", defaultValue = "1000", paramLabel = "N",
            description = "Training images per domain (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--val", defaultValue = "300", paramLabel = "N",
            description = "Validation images per domain (default: ${DEFAULT-VALUE}).")
    int val;

    @Option(names = "--strength", paramLabel = "S",
            description = {"Shift strength: 0 = no shift, 1 = the default pair",
                "(default), up to 4 for foggy and 3 for the others."})
    String strength;

    @Option(names = "--threads", paramLabel = "N", description = "Rendering threads (default: all processors).")
    Integer threads;

    @Override
    public Integer call() {
        SynthPair pair;
        int[] wh = parseSize(size);
        if (train < 1 || val < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--train and --val must be at least 1");
        }
        try {
            pair = SynthPair.parse(scenario);
            if (scenario.contains("@")) {
                throw new IllegalArgumentException("--scenario takes a name (foggy, sim2real, camera, foggy-paper, ...);"
                        + " give the strength with --strength");
            }
            if (strength != null && scenario.trim().toLowerCase(Locale.ROOT).endsWith(SynthPair.PAPER_SUFFIX)) {
                throw new IllegalArgumentException("--strength cannot change the strength of the named pair " + scenario
                        + " (" + pair.id() + ")");
            }
            if (strength != null) {
                Scenario sc = pair.scenario();
                pair = new SynthPair(sc, SynthPair.parseStrength(strength, sc, "--strength"));
            }
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
        SynthBenchmark.Result r = SynthBenchmark.generate(pair, out, seed, wh[0], wh[1], SynthBenchmark.Counts.of(train, val), n);
        PrintWriter pw = spec.commandLine().getOut();
        int[] ts = pair.targetSize(wh[0], wh[1]);
        pw.printf(Locale.ROOT, "wrote the '%s' benchmark to %s (seed %d, source %dx%d, target %dx%d)%n",
                pair.id(), out.toAbsolutePath().normalize(), seed, wh[0], wh[1], ts[0], ts[1]);
        StringBuilder shift = new StringBuilder();
        pair.parameters(wh[0], wh[1]).forEach((name, value) -> shift.append(' ').append(name).append(' ')
                .append(SynthPair.format(value)));
        pw.printf(Locale.ROOT, "  strength %s:%s%n", SynthPair.format(pair.strength()), shift);
        r.images().forEach((split, count) -> pw.printf(Locale.ROOT, "  %-14s %5d images %6d objects%n",
                split, count, r.objects().get(split)));
        pw.printf(Locale.ROOT, "  %-14s %5d images (labels of target/train)%n", "target_oracle/train",
                r.images().get("target/train"));
        pw.printf(Locale.ROOT, "in %.1f s on %d threads%n", r.seconds(), n);
        pw.flush();
        return ScdaCommand.EXIT_OK;
    }

    private int[] parseSize(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].trim());
                int h = Integer.parseInt(p[1].trim());
                if (w >= 32 && h >= 32 && w <= 4096 && h <= 4096) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--size must be WxH with both sides in 32..4096, got '" + text + "'");
    }
}
