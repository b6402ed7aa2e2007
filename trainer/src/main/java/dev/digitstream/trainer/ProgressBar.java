package dev.digitstream.trainer;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of one epoch on stderr: batches done of total, running loss, images/s and ETA. On a
 * terminal one line is redrawn in place; otherwise (a log file, CI) a log line is written every
 * ~10% so that logs stay readable.
 */
final class ProgressBar {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressBar.class);
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream terminal;
    private final String label;
    private final int totalBatches;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private int nextLoggedTenth = 1;

    /**
     * @param terminal stderr when it is a terminal, else null to log instead
     * @param label    what is in progress, e.g. {@code epoch 3/10}
     */
    ProgressBar(final PrintStream terminal, final String label, final int totalBatches) {
        this.terminal = terminal;
        this.label = label;
        this.totalBatches = totalBatches;
    }

    /** Stderr when this process is attached to a terminal, else null. */
    static PrintStream terminalOrNull() {
        return System.console() != null ? System.err : null;
    }

    void update(final int batchesDone, final long imagesDone, final double runningLoss) {
        final long now = System.nanoTime();
        if (terminal != null) {
            if (now - lastDrawn >= REDRAW_NANOS || batchesDone == totalBatches) {
                lastDrawn = now;
                terminal.print('\r' + line(batchesDone, imagesDone, runningLoss, now));
                terminal.flush();
            }
        } else if (batchesDone * 10L >= (long) nextLoggedTenth * totalBatches) {
            while (batchesDone * 10L >= (long) nextLoggedTenth * totalBatches) {
                nextLoggedTenth++;
            }
            LOG.info(line(batchesDone, imagesDone, runningLoss, now));
        }
    }

    /** Ends the in-place line so that the next log line starts on its own. */
    void finish() {
        if (terminal != null) {
            terminal.println();
            terminal.flush();
        }
    }

    private String line(final int batchesDone, final long imagesDone, final double runningLoss, final long now) {
        final double seconds = Math.max(1e-9, (now - started) / 1e9);
        final double fraction = totalBatches == 0 ? 1 : (double) batchesDone / totalBatches;
        final int filled = (int) Math.round(fraction * WIDTH);
        final double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d batches, loss %.4f, %.0f images/s, ETA %s",
                label, "=".repeat(filled), " ".repeat(WIDTH - filled), batchesDone, totalBatches,
                runningLoss, imagesDone / seconds, duration(eta));
    }

    private static String duration(final double seconds) {
        final long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
}
