package org.scda.adapt.core;

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

    /** Sets {@link #skippedUpdates()} (a resumed run continues its count). */
    void restoreSkippedUpdates(int count);

    /**
     * Writes what continuing the run exactly needs: the modules' parameters, their optimisers'
     * state and any random generator of their own (not the skipped-update count, which a
     * rollback keeps).
     */
    void saveState(DataOutputStream out) throws IOException;

    /** Reads what {@link #saveState} wrote (same method, config and shapes). */
    void loadState(DataInputStream in) throws IOException, MalformedModelException;

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
            public void restoreSkippedUpdates(int count) {
                alignment.restoreSkippedUpdates(count);
            }

            @Override
            public void saveState(DataOutputStream out) throws IOException {
                alignment.saveState(out);
            }

            @Override
            public void loadState(DataInputStream in) throws IOException, MalformedModelException {
                alignment.loadState(in);
            }

            @Override
            public void zeroGradients() {
                alignment.zeroAllGradients();
            }
        };
    }
}
