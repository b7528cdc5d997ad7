package org.scda.engine;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Shares the cores between scda runs that the launcher started without {@code SCDA_THREADS}.
 * The first run (the host) takes all cores; a run that starts while it lasts (a guest) takes one
 * thread and registers itself for its lifetime with a shared lock on the guests file. The host
 * checks that file every second and, while any guest holds it, trains on one thread too, then
 * takes its cores back (two runs of one thread each on two cores run at 1.3-1.5x their solo
 * time; a two-thread run beside a one-thread run at 2.5-2.9x: README "Threads").
 *
 * <p>libtorch's OpenMP thread count belongs to the thread that calls it, so the watcher only
 * records the wanted count; the threads that run the model apply it between iterations or
 * images ({@link #apply}), and the first of them to apply a new count tells the user.
 */
public final class ThreadShare {
    /** System property: the guests file a host watches (set by the launcher for the first run). */
    public static final String HOST_PROPERTY = "scda.threads.guests-watch";
    /** System property: the guests file a guest registers in (set by the launcher for later runs). */
    public static final String GUEST_PROPERTY = "scda.threads.guests-join";
    /** How often the host looks for guests. */
    static final long WATCH_MILLIS = 1000;

    private static volatile int wanted;
    private static volatile boolean changed;
    /** Where the host tells its user of a change, and the count it was started with (set by the watcher). */
    private static volatile PrintStream log;
    private static volatile int configuredCount;
    /** The count last announced (0: none yet, the started count needs no message); guarded by the class. */
    private static int announced;
    /** This process is a guest whose one thread is not yet announced. */
    private static volatile boolean guest;

    /** What a guest says when its first model runs. */
    static final String GUEST_NOTE =
            "scda: another scda run holds the cores: this one uses 1 libtorch thread (SCDA_THREADS=N chooses)";
    private static final ThreadLocal<Integer> APPLIED = ThreadLocal.withInitial(() -> 0);
    private static FileChannel held;

    private ThreadShare() {
    }

    /** The threads a host with {@code configured} threads takes: one while a guest runs. */
    public static int threadsFor(int configured, boolean guests) {
        return guests ? Math.min(1, configured) : configured;
    }

    /**
     * Starts the role the launcher gave this process (none without its properties): a guest's
     * shared lock, held until the process ends, or the host's watcher (a daemon thread).
     */
    public static void startFromProperties(PrintStream log) {
        String join = System.getProperty(GUEST_PROPERTY);
        String watch = System.getProperty(HOST_PROPERTY);
        try {
            if (join != null && !join.isBlank()) {
                join(Path.of(join));
                noteGuest(log);
            } else if (watch != null && !watch.isBlank()) {
                int configured = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads",
                        Integer.toString(Runtime.getRuntime().availableProcessors())));
                watch(new GuestsFile(Path.of(watch)), configured, log);
            }
        } catch (IOException | RuntimeException e) {
            // sharing is an optimisation: without it the run keeps the launcher's thread count
            log.println("scda: cannot share the cores with other runs (" + e.getMessage() + "); threads stay as set");
        }
    }

    /** Holds a shared lock on {@code file} for the rest of the process. */
    static synchronized void join(Path file) throws IOException {
        if (held == null) {
            held = GuestsFile.open(file);
            held.lock(0, Long.MAX_VALUE, true);
        }
    }

    /**
     * What the host says when other runs start ({@code shared}) or end, or null when its thread
     * count does not change (a one-thread process, such as each worker of {@code --jobs 2}).
     */
    static String change(boolean shared, int configured) {
        if (threadsFor(configured, true) == threadsFor(configured, false)) {
            return null;
        }
        return shared ? "scda: another scda run started: this one uses 1 libtorch thread while it runs"
                : "scda: the other scda run ended: this one uses " + configured + " libtorch threads again";
    }

    /**
     * What a thread that just applied {@code now} threads says, once per change for the whole
     * process: null when the count is the one last announced (or, at first, the one the process
     * was started with). Said where the count takes effect, so that a process that never runs the
     * model (the parent of {@code --jobs 2}'s workers) says nothing.
     */
    static synchronized String announce(int now, int configured) {
        int before = announced == 0 ? configured : announced;
        announced = now;
        return now == before ? null : change(now < configured, configured);
    }

    /** Makes {@link #apply} say {@link #GUEST_NOTE} on {@code out} the first time it runs. */
    static void noteGuest(PrintStream out) {
        log = out;
        guest = true;
    }

    /** Says {@link #GUEST_NOTE} once, where the launcher made this process a guest. */
    private static synchronized void sayGuestNote() {
        if (guest) {
            guest = false;
            PrintStream out = log;
            if (out != null) {
                out.println(GUEST_NOTE);
            }
        }
    }

    /** Forgets what was announced (tests, which share one JVM). */
    static synchronized void forgetAnnounced() {
        announced = 0;
    }

    private static void watch(GuestsFile guests, int configured, PrintStream out) {
        log = out;
        configuredCount = configured;
        Thread t = new Thread(() -> {
            boolean shared = false;
            while (true) {
                boolean now;
                try {
                    now = guests.othersHold();
                } catch (IOException e) {
                    return; // the file went away: keep the threads as they are
                }
                if (now != shared) {
                    shared = now;
                    wanted = threadsFor(configured, now);
                }
                try {
                    Thread.sleep(WATCH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "scda-thread-share");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Applies the wanted thread count on the calling thread when it changed since this thread
     * last applied it (a volatile read otherwise). Call it between iterations or images.
     */
    public static void apply() {
        if (guest) {
            sayGuestNote();
        }
        int w = wanted;
        if (w > 0 && APPLIED.get() != w) {
            JniUtils.setNumThreads(w);
            APPLIED.set(w);
            if (w != Integer.getInteger("ai.djl.pytorch.num_threads", w)) {
                changed = true;
            }
            PrintStream out = log;
            if (out != null) {
                String message = announce(w, configuredCount);
                if (message != null) {
                    out.println(message);
                }
            }
        }
    }

    /**
     * Whether this process has run on another thread count than it was started with (it shared
     * the cores with a later run for a while): its results are not those of an unshared run
     * ({@link Provenance} records it).
     */
    public static boolean changedThisProcess() {
        return changed;
    }

    /** Forgets that the count changed (tests, which share one JVM). */
    static void forgetChange() {
        changed = false;
    }

    /** Sets the wanted count directly (tests). */
    static void want(int threads) {
        wanted = threads;
    }

    /** The guests file: guests hold shared locks on it; the host asks whether any is held. */
    static final class GuestsFile {
        private final Path file;

        GuestsFile(Path file) {
            this.file = file;
        }

        static FileChannel open(Path file) throws IOException {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }

        /** True when another process holds a lock on the file (an exclusive try fails). */
        boolean othersHold() throws IOException {
            try (FileChannel c = open(file)) {
                FileLock lock = c.tryLock(0, Long.MAX_VALUE, false);
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            }
        }
    }
}
