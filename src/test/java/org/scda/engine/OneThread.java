package org.scda.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs the native engine on one thread in learning tests. With other processes on a 2-core
 * machine, two OpenMP threads were measured 5-15x slower for long stretches (DJL-NOTES.md);
 * one thread keeps these tests' run time predictable. Results do not depend on it.
 */
final class OneThread {
    private OneThread() {
    }

    static void use() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
    }
}
