package org.scda.data.synth;

import java.nio.file.Path;
import org.scda.util.ScdaException;

/**
 * Placeholder until the synthetic benchmarks exist (branch {@code synth} replaces this file):
 * the built-in benchmark splits named {@code synth:SCENARIO/DOMAIN/SPLIT}.
 */
public final class SynthCatalog {
    private SynthCatalog() {
    }

    /** The COCO JSON of a built-in benchmark split; not available yet. */
    public static Path resolve(String scenario, String domain, String split) {
        throw new ScdaException("synthetic benchmarks are not built yet");
    }
}
