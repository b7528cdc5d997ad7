package org.scda.spark;

/**
 * The DJL settings scda's launcher passes on its command line, set as system properties on an
 * executor JVM before its engine starts, unless the cluster already set them
 * ({@code spark.executor.extraJavaOptions}): offline (no model-zoo or telemetry connection) and
 * the libtorch thread count of one task.
 */
final class EngineDefaults {
    private EngineDefaults() {
    }

    /** Sets each setting that is not set yet. */
    static void apply(int threads) {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("java.awt.headless", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
