package dev.digitstream.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A one-line progress bar: on a terminal, redrawn in place at most once per {@link Style#redraw()};
 * elsewhere (a log file, CI) written as a whole line every tenth of the way, so that logs stay readable;
 * or not at all. The caller gives the text after the bar, built only when it is drawn.
 */
public final class ProgressBar {

    /** How the bar looks and how often a terminal redraws it. */
    public record Style(char done, char toDo, Duration redraw) {

        /** {@code [######........]}, up to ten times a second: the {@code digits} tools. */
        public static final Style HASHES = new Style('#', '.', Duration.ofMillis(100));

        /** {@code [======        ]}, up to four times a second: the trainer. */
        public static final Style BARS = new Style('=', ' ', Duration.ofMillis(250));
    }

    private static final int WIDTH = 30;

    private final PrintWriter terminal;
    private final Consumer<String> log;
    private final String label;
    private final long total;
    private final Style style;
    private final long start = System.nanoTime();
    private long lastDrawn;
    private long nextLoggedTenth = 1;

    private ProgressBar(
            final PrintWriter terminal,
            final Consumer<String> log,
            final String label,
            final long total,
            final Style style) {
        this.terminal = terminal;
        this.log = log;
        this.label = label;
        this.total = total;
        this.style = style;
    }

    /** Redrawn in place on {@code terminal}; {@code label} goes before the bar, empty for none. */
    public static ProgressBar onTerminal(
            final PrintWriter terminal, final String label, final long total, final Style style) {
        return new ProgressBar(terminal, null, label, total, style);
    }

    /** A whole line to {@code log} every tenth of the way. */
    public static ProgressBar logged(
            final Consumer<String> log, final String label, final long total, final Style style) {
        return new ProgressBar(null, log, label, total, style);
    }

    /** Draws nothing; it still measures the elapsed time. */
    public static ProgressBar hidden(final long total) {
        return new ProgressBar(null, null, "", total, Style.HASHES);
    }

    /** Records {@code done} of the total; {@code text} follows the bar when it is drawn. */
    public void update(final long done, final Supplier<String> text) {
        final long now = System.nanoTime();
        if (terminal != null) {
            if (now - lastDrawn >= style.redraw().toNanos() || done >= total) {
                lastDrawn = now;
                terminal.print('\r' + line(done, text.get()));
                terminal.flush();
            }
        } else if (log != null && done * 10 >= nextLoggedTenth * total) {
            while (done * 10 >= nextLoggedTenth * total) {
                nextLoggedTenth++;
            }
            log.accept(line(done, text.get()));
        }
    }

    /** Ends the in-place line, so that what is printed next starts on its own. */
    public void finish() {
        if (terminal != null) {
            terminal.println();
            terminal.flush();
        }
    }

    /** Seconds since the bar was made, never zero (a divisor for rates). */
    public double elapsedSeconds() {
        return Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    }

    /** The share done, 0-1 (1 when there is nothing to do). */
    public double fraction(final long done) {
        return total == 0 ? 1 : Math.min(1, (double) done / total);
    }

    private String line(final long done, final String text) {
        final int filled = (int) (WIDTH * fraction(done));
        final String bar = "[" + String.valueOf(style.done()).repeat(filled)
                + String.valueOf(style.toDo()).repeat(WIDTH - filled) + "] ";
        return (label.isEmpty() ? "" : label + " ") + bar + text;
    }
}
