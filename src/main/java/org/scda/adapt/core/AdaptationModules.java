package org.scda.adapt.core;

import ai.djl.MalformedModelException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

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

    /** No modules of its own (a method that trains the detector only). */
    AdaptationModules NONE = new AdaptationModules() {
        @Override
        public int skippedUpdates() {
            return 0;
        }

        @Override
        public void restoreSkippedUpdates(int count) {
        }

        @Override
        public void saveState(DataOutputStream out) {
        }

        @Override
        public void loadState(DataInputStream in) {
        }

        @Override
        public void zeroGradients() {
        }
    };
}
