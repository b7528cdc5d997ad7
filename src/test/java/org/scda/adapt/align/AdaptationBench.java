package org.scda.adapt.align;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.scda.adapt.core.AdaptConfig;

/**
 * Prints the median milliseconds of one whole adaptation iteration (detector on a source and a
 * target image, mining, all four updates) for a config, on synthetic images of its size
 * ({@link AdaptationBenchmark}). A program, not a test. Run after {@code mvn -o -q package}:
 * <pre>
 * java -cp target/scda.jar:target/test-classes -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
 *     -Dai.djl.pytorch.num_threads=1 org.scda.adapt.align.AdaptationBench configs/cpu-type2.yaml 5 30
 * </pre>
 * Arguments: config file, untimed iterations, timed iterations.
 */
public final class AdaptationBench {

    private AdaptationBench() {
    }

    public static void main(String[] args) {
        AdaptConfig config = AdaptConfig.load(Path.of(args[0]));
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int timed = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        AdaptationBenchmark.Result r = AdaptationBenchmark.run(config, 4, warmup, timed, 1);
        double[] sorted = r.ms().clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s, %s at %dx%d: median %.1f ms per adaptation iteration over %d"
                        + " (min %.1f, max %.1f; %d untimed first); threads %s%n", r.preset(), r.backbone(), r.width(),
                r.height(), r.medianMs(), sorted.length, sorted[0], sorted[sorted.length - 1], warmup,
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
    }
}
