package org.scda.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.scda.config.TrainConfig;
import org.scda.engine.Benchmark;
import org.scda.util.ScdaException;

/**
 * scda against the torchvision reference on one setting, in one invocation: the reference is
 * started as a child process with the same thread count, its settings and parameter count are
 * checked against scda's detector, then both are timed in alternating blocks
 * ({@link SideBySide}).
 */
public final class TorchComparison {
    private TorchComparison() {
    }

    /**
     * One setting to compare.
     *
     * @param name    {@code small} or {@code vgg16}, the reference's {@code --setting}
     * @param label   how the report names it
     * @param config  scda's config of that detector
     * @param width   image width
     * @param height  image height
     */
    public record Setting(String name, String label, TrainConfig config, int width, int height) {
    }

    /**
     * The outcome of a comparison.
     *
     * @param threads         libtorch threads on both sides
     * @param torchVersions   the reference's torch and torchvision versions
     * @param scdaParameters  scda's trainable parameters
     * @param torchParameters the reference's trainable parameters
     * @param settingsChecked how many settings were compared equal
     * @param times           every timed iteration, null for a check without timing
     * @param flops           the analytic FLOP counts of the detector
     */
    public record Result(Setting setting, int threads, String torchVersions, long scdaParameters, long torchParameters,
                         int settingsChecked, SideBySide.Times times, FlopCount.DetectorFlops flops) {
    }

    /** libtorch's intra-op threads in this process (the launcher sets them from SCDA_THREADS). */
    public static int engineThreads() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }

    /**
     * Checks the reference against scda's detector and, with a plan, times both.
     *
     * @param python the interpreter that runs the reference
     * @param script {@code bench/torch_reference.py}
     * @param plan   what to time, or null to check settings and parameter counts only
     * @throws ScdaException when the reference cannot run, or its settings or parameter count differ
     */
    public static Result run(Setting setting, String python, Path script, SideBySide.Plan plan) {
        int threads = engineThreads();
        List<String> command = TorchReference.command(python, script, setting.name(), threads, plan == null);
        try (TorchReference torch = TorchReference.start(command);
             Benchmark.Session scda = new Benchmark.Session(setting.config().model(), setting.config().solver(),
                     setting.width(), setting.height())) {
            TorchReference.Ready ready = torch.ready();
            Map<String, Object> expected = ReferenceSettings.expected(setting.config().model(), setting.config().solver(),
                    scda.net().backbone(), Benchmark.Session.NUM_CLASSES, setting.width(), setting.height());
            List<String> differences = ReferenceSettings.differences(expected, ready.settings());
            if (!differences.isEmpty()) {
                throw new ScdaException("the torch reference is not scda's " + setting.name() + " detector: "
                        + String.join("; ", differences));
            }
            long ours = scda.trainableParameters();
            if (ours != ready.parameters()) {
                throw new ScdaException("the torch reference's " + setting.name() + " detector has " + ready.parameters()
                        + " trainable parameters, scda's " + ours);
            }
            if (ready.threads() != threads) {
                throw new ScdaException("the torch reference runs " + ready.threads() + " threads, scda " + threads);
            }
            FlopCount.DetectorFlops flops = FlopCount.of(scda.net(), setting.config().model());
            SideBySide.Times times = plan == null ? null : SideBySide.run(timed(scda), torch, plan);
            return new Result(setting, threads, ready.versions(), ours, ready.parameters(), expected.size(), times, flops);
        }
    }

    private static SideBySide.Timed timed(Benchmark.Session session) {
        return new SideBySide.Timed() {
            @Override
            public double[] train(int n) {
                return session.train(n);
            }

            @Override
            public double[] infer(int n) {
                return session.infer(n);
            }
        };
    }

    /**
     * The reference script: {@code given} when it exists, else the same relative path beside the
     * checkout the running jar was built in ({@code target/scda.jar} -> {@code bench/...}).
     *
     * @throws ScdaException when neither exists
     */
    public static Path locateScript(Path given) {
        if (Files.isRegularFile(given)) {
            return given;
        }
        if (!given.isAbsolute()) {
            try {
                Path jar = Path.of(TorchComparison.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                Path checkout = jar.getParent() == null ? null : jar.getParent().getParent();
                if (checkout != null && Files.isRegularFile(checkout.resolve(given))) {
                    return checkout.resolve(given);
                }
            } catch (java.net.URISyntaxException | RuntimeException ignored) {
                // fall through to the error below
            }
        }
        throw new ScdaException("cannot find the torch reference " + given
                + ": run from the scda checkout or pass --torch-script PATH");
    }
}
