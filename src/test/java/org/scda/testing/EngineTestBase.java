package org.scda.testing;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of engine tests that make arrays directly: one engine thread ({@link OneEngineThread})
 * for the class, and a fresh {@link #manager} for each test, closed after it (a subclass's own
 * {@code @BeforeEach} runs after this one's, so it can use the manager).
 */
public abstract class EngineTestBase {

    /** This test's arrays; closed after the test. */
    protected NDManager manager;

    @BeforeAll
    static void oneEngineThread() {
        OneEngineThread.use();
    }

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }
}
