package org.scda.util;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A one-line progress bar on stderr with rate and ETA, for long work (data generation,
 * training, evaluation). On a terminal it redraws in place; otherwise (CI logs, pipes) it
 * prints a line at most every {@code logEverySeconds}.
 *
 * <pre>
 * train  [=========>          ] 480/1000  48% 3.2 it/s ETA 2m42s  loss=0.812 rpn.cls=0.10
 * </pre>
 */
public final class ProgressBar implements AutoCloseable {
    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final long startNanos;
    private final double logEverySeconds;
    private long lastPrintNanos;
    private long done;
    private final Map<String, String> fields = new LinkedHashMap<>();

    public ProgressBar(String label, long total) {
        this(label, total, System.err, System.console() != null, 10);
    }

    public ProgressBar(String label, long total, PrintStream out, boolean interactive, double logEverySeconds) {
        this.label = label;
        this.total = Math.max(total, 1);
        this.out = out;
        this.interactive = interactive;
        this.logEverySeconds = logEverySeconds;
        this.startNanos = System.nanoTime();
        this.lastPrintNanos = startNanos;
    }

    /** Sets a named value shown after the bar (a loss, a metric). */
    public ProgressBar set(String name, String value) {
        fields.put(name, value);
        return this;
    }

    public ProgressBar set(String name, double value) {
        return set(name, String.format(Locale.ROOT, "%.4g", value));
    }

    /** Advances by {@code n} steps and redraws if due. */
    public void step(long n) {
        done = Math.min(total, done + n);
        long now = System.nanoTime();
        double sinceLast = (now - lastPrintNanos) / 1e9;
        if (done == total || (interactive ? sinceLast >= 0.2 : sinceLast >= logEverySeconds)) {
            lastPrintNanos = now;
            print(now);
        }
    }

    public void step() {
        step(1);
    }

    public long done() {
        return done;
    }

    /** Seconds since the bar started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void print(long now) {
        String line = render(done, total, (now - startNanos) / 1e9);
        if (interactive) {
            out.print("\r" + line + "\u001b[K");
            if (done == total) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The bar's text for {@code done} of {@code total} after {@code seconds}. */
    String render(long done, long total, double seconds) {
        int width = 20;
        int filled = (int) (width * done / total);
        StringBuilder bar = new StringBuilder();
        for (int i = 0; i < width; i++) {
            bar.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        }
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? formatDuration((total - done) / rate) : "?";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s [%s] %d/%d %3d%% %s ETA %s",
                label, bar, done, total, 100 * done / total, formatRate(rate), eta));
        fields.forEach((k, v) -> sb.append("  ").append(k).append('=').append(v));
        return sb.toString();
    }

    private static String formatRate(double perSecond) {
        if (perSecond >= 1 || perSecond == 0) {
            return String.format(Locale.ROOT, "%.1f it/s", perSecond);
        }
        return String.format(Locale.ROOT, "%.1f s/it", 1 / perSecond);
    }

    /** "1h02m", "3m05s", "42s". */
    public static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    @Override
    public void close() {
        if (done < total && done > 0) {
            print(System.nanoTime());
            if (interactive) {
                out.println();
            }
        }
    }
}
