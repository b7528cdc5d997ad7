package org.scda.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Hand-made finished runs for tests outside this package (the command line's). */
public final class RunResultsForTests {
    private RunResultsForTests() {
    }

    /** Writes a finished run of {@code SCENARIO/VARIANT/seedN} under {@code outDir} that took {@code wall} seconds. */
    public static void write(Path outDir, String scenario, String variant, String method, long seed, double wall)
            throws IOException {
        RunSpec spec = Fixtures.spec(scenario, variant, method, seed);
        Fixtures.result(spec, 0.5, Map.of("car", 0.5), wall).write(outDir.resolve(spec.id()));
    }
}
