package org.scda.adapt.align;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/** Autograd recording switched off for a computation whose results are constants of a loss. */
final class GradMode {

    private GradMode() {
    }

    /** Runs {@code body} with recording off, then restores the mode it found. */
    static <T> T off(Supplier<T> body) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }
}
