package org.scda.testing;

/**
 * A daemon thread calling {@code System.gc()} every millisecond until closed: a tensor that
 * borrows a Java buffer autograd still needs is then freed between forward and backward, so
 * such a bug shows up within a few iterations instead of in a few runs in a hundred.
 */
public final class GcPressure implements AutoCloseable {
    private final Thread thread;

    private GcPressure() {
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-pressure");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts collecting now. */
    public static GcPressure start() {
        return new GcPressure();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
