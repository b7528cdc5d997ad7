package org.scda.engine;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT and SIGTERM into a {@link StopRequest} for the run under way, so that the run
 * stops between iterations (exit code 130 or 143) instead of the JVM exiting under a running
 * libtorch kernel (whose native resources the exit tears down: a crash, hs_err file and all).
 * A second signal of either kind starts the JVM's shutdown, as the first would have without
 * this class. Any shutdown while the run is under way (that one, SIGHUP, {@code System.exit}
 * elsewhere) requests the stop too and waits up to {@link #SHUTDOWN_WAIT_SECONDS} for the run
 * to close its engine resources.
 *
 * <p>Use around one run: {@code try (StopSignals signals = StopSignals.install()) { ...
 * .stopOn(signals.request()).run(); }}; closing restores the previous handlers.
 *
 * <p>Java has no public API for signals; the JDK's {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}) is reached by reflection, so that a JVM without it (or run with
 * {@code -Xrs}) still gets the shutdown hook.
 */
public final class StopSignals implements AutoCloseable {
    /** How long a JVM shutdown waits for the run to stop cleanly. */
    public static final int SHUTDOWN_WAIT_SECONDS = 60;

    private final StopRequest request = new StopRequest();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Runnable> restore = new ArrayList<>();
    private final Thread shutdownHook;

    private StopSignals() {
        shutdownHook = new Thread(() -> {
            request.request("a JVM shutdown", 143);
            try {
                closed.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "scda-stop-on-shutdown");
    }

    /** Starts turning SIGINT (exit 130) and SIGTERM (exit 143) into stop requests. */
    public static StopSignals install() {
        StopSignals signals = new StopSignals();
        signals.handle("INT", 130);
        signals.handle("TERM", 143);
        Runtime.getRuntime().addShutdownHook(signals.shutdownHook);
        return signals;
    }

    /** The request the signals make; hand it to the run. */
    public StopRequest request() {
        return request;
    }

    /** The run has closed its engine resources: restores the previous handlers. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running and has just been released
        }
        restore.forEach(Runnable::run);
        restore.clear();
    }

    private void handle(String name, int exitCode) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            Method handleMethod = signalClass.getMethod("handle", signalClass, handlerClass);
            Object[] previous = new Object[1];
            InvocationHandler onSignal = (proxy, method, args) -> {
                switch (method.getName()) {
                    case "handle" -> {
                        if (!request.request("SIG" + name, exitCode)) {
                            // a second signal: do what the JVM would have done with the first
                            try {
                                handlerClass.getMethod("handle", signalClass).invoke(previous[0], args[0]);
                            } catch (ReflectiveOperationException | RuntimeException e) {
                                Runtime.getRuntime().exit(exitCode);
                            }
                        }
                        return null;
                    }
                    case "hashCode" -> {
                        return System.identityHashCode(proxy);
                    }
                    case "equals" -> {
                        return proxy == args[0];
                    }
                    default -> {
                        return "scda stop on SIG" + name;
                    }
                }
            };
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            previous[0] = handleMethod.invoke(null, signal, handler);
            restore.add(() -> {
                try {
                    handleMethod.invoke(null, signal, previous[0]);
                } catch (ReflectiveOperationException e) {
                    // the handler stays; it only requests a stop nobody looks at any more
                }
            });
        } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
            // no sun.misc.Signal, or the signal is reserved (-Xrs): the shutdown hook still asks the run to stop
        }
    }
}
