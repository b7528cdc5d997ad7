package org.scda.engine;

import ai.djl.MalformedModelException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.scda.adapt.align.RegionAlignment;

/**
 * What checkpoints and rollback need from an adaptation method's own modules (the region
 * alignment's G, D, Dw, or DA Faster's domain classifiers) besides the detector.
 */
public interface AdaptationModules {

    /** Updates of these modules skipped so far for a non-finite loss. */
    int skippedUpdates();

    /** Writes the modules' parameters. */
    void saveParameters(DataOutputStream out) throws IOException;

    /** Reads parameters written by {@link #saveParameters}. */
    void loadParameters(DataInputStream in) throws IOException, MalformedModelException;

    /** Discards the modules' accumulated gradients. */
    void zeroGradients();

    /** The region alignment's modules. */
    static AdaptationModules of(RegionAlignment alignment) {
        return new AdaptationModules() {
            @Override
            public int skippedUpdates() {
                return alignment.skippedUpdates();
            }

            @Override
            public void saveParameters(DataOutputStream out) throws IOException {
                alignment.saveParameters(out);
            }

            @Override
            public void loadParameters(DataInputStream in) throws IOException, MalformedModelException {
                alignment.loadParameters(in);
            }

            @Override
            public void zeroGradients() {
                alignment.zeroAllGradients();
            }
        };
    }
}
