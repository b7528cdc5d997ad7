package org.scda.testing;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Test helper: one intra-op thread for PyTorch. On this shared 2-core machine, two OpenMP
 * threads with other processes on the cores made a tiny alignment update take 1-2 s instead of
 * 20-50 ms (measured); one thread is robust.
 */
public final class OneEngineThread {

    private OneEngineThread() {
    }

    /** Starts the engine if needed and sets one intra-op thread (process-wide). */
    public static void use() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
    }
}
