import ai.djl.pytorch.jni.JniUtils;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Map;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.core.AdaptConfig;

/**
 * Probe (not part of the product): libtorch's own profiler around a short cpu-type2 adaptation
 * (4 source-only iterations, then N-4 aligned ones, no evaluation), written as a Chrome trace;
 * bench/probes/profile_ops.py sums it by operator. Run from the checkout:
 *   javac -cp target/scda.jar -d /tmp/probes bench/probes/AdaptProfile.java
 *   java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp target/scda.jar:/tmp/probes AdaptProfile 60 /tmp/prof/type2.json [configs/cpu-type2.yaml]
 *   python3 bench/probes/profile_ops.py /tmp/prof/type2.json
 */
public class AdaptProfile {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        AdaptConfig cfg = AdaptConfig.load(Path.of(a.length > 2 ? a[2] : "configs/cpu-type2.yaml")).withOverrides(Map.of(
                "solver.iterations", n, "adapt.warmupFraction", a.length > 3 ? Double.parseDouble(a[3]) : 4.0 / n, "evalPeriod", 0,
                "adapt.modelSelection", "last", "adapt.picturePeriod", 0, "checkpointPeriod", 100000,
                "data.valLimit", 1));
        ai.djl.engine.Engine.getInstance();
        JniUtils.startProfile(false, false, false);
        AdaptationMethods.training(cfg, Path.of("/tmp/prof/run-" + System.nanoTime()), false,
                new PrintStream(new ByteArrayOutputStream())).run();
        JniUtils.stopProfile(a[1]);
    }
}
