package dev.digitstream.tools;

import java.io.PrintWriter;

/** A one-line progress bar redrawn in place on a terminal, at most ten times a second. */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final long total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDrawn;

    ProgressBar(final PrintWriter out, final long total, final boolean enabled) {
        this.out = out;
        this.total = total;
        this.enabled = enabled;
    }

    void update(final long done) {
        final long now = System.nanoTime();
        if (!enabled || (now - lastDrawn < REDRAW_NANOS && done < total)) {
            return;
        }
        lastDrawn = now;
        final int filled = (int) (WIDTH * done / Math.max(1, total));
        out.printf("\r[%s%s] %,d/%,d %3d%% %,.0f/s", "#".repeat(filled), ".".repeat(WIDTH - filled), done, total,
                100 * done / Math.max(1, total), done / seconds(now));
        out.flush();
    }

    void finish() {
        if (enabled) {
            out.println();
            out.flush();
        }
    }

    double elapsedSeconds() {
        return seconds(System.nanoTime());
    }

    private double seconds(final long now) {
        return Math.max(1e-9, (now - start) / 1e9);
    }
}
