package org.scda.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.scda.api.Detector;

/**
 * The detectors of one JVM (an executor, or the driver in local mode), kept between tasks: a
 * task borrows one for its partition and gives it back, so a model is loaded once per task slot
 * (a {@link Detector} is not thread-safe, and an executor with N cores runs N tasks at once) and
 * reused by every later partition. Keyed by checkpoint path, size and modification time, so a
 * rewritten checkpoint is loaded afresh.
 */
final class DetectorPool {
    private static final Map<String, Deque<Detector>> IDLE = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private DetectorPool() {
    }

    /** An idle detector of {@code checkpoint}, loaded when none is idle. */
    static Detector borrow(String checkpoint) {
        Detector d = IDLE.computeIfAbsent(key(checkpoint), k -> new ConcurrentLinkedDeque<>()).pollFirst();
        if (d == null) {
            d = Detector.load(Path.of(checkpoint));
            LOADS.incrementAndGet();
        }
        return d;
    }

    /** Gives {@code detector} back for the next task of this JVM. */
    static void release(String checkpoint, Detector detector) {
        IDLE.computeIfAbsent(key(checkpoint), k -> new ConcurrentLinkedDeque<>()).addFirst(detector);
    }

    /** Models loaded by this JVM so far. */
    static int loads() {
        return LOADS.get();
    }

    /** Closes every idle detector (the driver of a local run, when the job is done). */
    static void closeIdle() {
        for (Deque<Detector> idle : IDLE.values()) {
            for (Detector d = idle.pollFirst(); d != null; d = idle.pollFirst()) {
                d.close();
            }
        }
    }

    private static String key(String checkpoint) {
        Path p = Path.of(checkpoint);
        try {
            return p.toAbsolutePath() + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().toString();
        }
    }
}
