package org.scda.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.JniUtils;
import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core sharing between launcher-started runs: a guest's shared lock is seen by the host's check
 * (in another process, as the OS keeps such locks per process), the host's count while guests
 * run, and that a wanted count takes effect on the thread that applies it.
 */
class ThreadShareTest {

    @TempDir
    Path dir;

    /** A guest in a child JVM: joins the guests file, prints "joined", waits for stdin to close. */
    public static final class Guest {
        public static void main(String[] args) throws Exception {
            ThreadShare.join(Path.of(args[0]));
            System.out.println("joined");
            System.out.flush();
            System.in.read();
        }
    }

    @Test
    void theHostSeesAGuestOnlyWhileItRuns() throws Exception {
        Path file = dir.resolve("scda.threads.lock.guests");
        ThreadShare.GuestsFile guests = new ThreadShare.GuestsFile(file);
        assertThat(guests.othersHold()).as("no guest yet").isFalse();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process guest = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Guest.class.getName(),
                file.toString()).redirectError(dir.resolve("guest.err").toFile()).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(guest.getInputStream())).readLine();
            assertThat(line).as("the guest's stderr is in " + dir.resolve("guest.err")).isEqualTo("joined");
            assertThat(guests.othersHold()).as("a guest holds its lock").isTrue();
            assertThat(guests.othersHold()).as("checking does not take it away").isTrue();
        } finally {
            guest.getOutputStream().close();
            assertThat(guest.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(guests.othersHold()).as("the lock ends with the guest").isFalse();
        assertThat(new File(file.toString())).exists();
    }

    @Test
    void aHostSaysSoOnlyWhenItsThreadCountChanges() {
        assertThat(ThreadShare.change(true, 2)).contains("uses 1 libtorch thread while it runs");
        assertThat(ThreadShare.change(false, 2)).contains("uses 2 libtorch threads again");
        // the workers of --jobs 2 run on one thread each: a guest changes nothing, so nothing is said
        assertThat(ThreadShare.change(true, 1)).isNull();
        assertThat(ThreadShare.change(false, 1)).isNull();
    }

    @Test
    void aChangeIsAnnouncedOnceWhereItTakesEffect() {
        ThreadShare.forgetAnnounced();
        try {
            // the count the host started with needs no message
            assertThat(ThreadShare.announce(2, 2)).isNull();
            assertThat(ThreadShare.announce(1, 2)).contains("uses 1 libtorch thread while it runs");
            // a second model thread applying the same count says nothing more
            assertThat(ThreadShare.announce(1, 2)).isNull();
            assertThat(ThreadShare.announce(2, 2)).contains("uses 2 libtorch threads again");
            ThreadShare.forgetAnnounced();
            // a host whose first model thread starts while a guest runs: one message
            assertThat(ThreadShare.announce(1, 2)).contains("uses 1 libtorch thread");
        } finally {
            ThreadShare.forgetAnnounced();
        }
    }

    @Test
    void aGuestSaysItTakesOneThreadWhenItsFirstModelRunsAndOnlyThen() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        ThreadShare.noteGuest(new java.io.PrintStream(err, true));
        assertThat(err.toString()).as("nothing before a model runs (--help, a report)").isEmpty();
        ThreadShare.apply(); // wanted is 0 here: nothing to set, only the note
        ThreadShare.apply();
        assertThat(err.toString().lines().toList()).containsExactly(ThreadShare.GUEST_NOTE);
    }

    @Test
    void aHostTakesOneThreadWhileGuestsRun() {
        assertThat(ThreadShare.threadsFor(2, true)).isEqualTo(1);
        assertThat(ThreadShare.threadsFor(2, false)).isEqualTo(2);
        assertThat(ThreadShare.threadsFor(8, false)).isEqualTo(8);
    }

    @Test
    @Tag("engine")
    void aWantedCountTakesEffectOnTheThreadThatAppliesIt() throws Exception {
        ai.djl.engine.Engine.getInstance(); // loads the natives
        int before = JniUtils.getNumThreads();
        try {
            ThreadShare.want(1);
            ThreadShare.apply();
            assertThat(JniUtils.getNumThreads()).isEqualTo(1);
            ThreadShare.want(2);
            ThreadShare.apply();
            assertThat(JniUtils.getNumThreads()).isEqualTo(2);
            // the JVM was started with one thread (surefire): it has now run on another count
            assertThat(ThreadShare.changedThisProcess()).isTrue();
            assertThat(Provenance.collect().get("threads").toString()).contains("fewer at times");
        } finally {
            ThreadShare.want(0);
            ThreadShare.forgetChange();
            JniUtils.setNumThreads(before);
        }
    }
}
