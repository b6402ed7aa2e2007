package dev.digitstream.tools.watch;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Shows a {@link WatchStats.Summary} as a few aligned lines; on a terminal each refresh overwrites
 * the previous one in place (ANSI cursor-up and erase-line), elsewhere it is printed as a new block.
 */
public final class SummaryView {

    private final PrintWriter out;
    private final boolean inPlace;
    private final String title;
    private int linesShown;

    public SummaryView(final PrintWriter out, final boolean inPlace, final String title) {
        this.out = out;
        this.inPlace = inPlace;
        this.title = title;
    }

    public void show(final WatchStats.Summary summary) {
        final List<String> lines = lines(title, summary);
        final StringBuilder text = new StringBuilder();
        if (inPlace && linesShown > 0) {
            text.append("\033[").append(linesShown).append('A');
        }
        for (final String line : lines) {
            text.append(inPlace ? "\033[2K" : "").append(line).append(System.lineSeparator());
        }
        out.print(text);
        out.flush();
        linesShown = lines.size();
    }

    static List<String> lines(final String title, final WatchStats.Summary s) {
        return List.of(
                String.format(Locale.ROOT, "%s   %.1f s", title, s.seconds()),
                String.format(
                        Locale.ROOT,
                        "predictions   %,d   now %,.0f/s   average %,.0f/s",
                        s.predictions(),
                        s.recentPerSecond(),
                        s.averagePerSecond()),
                s.labelled() == 0
                        ? "accuracy      n/a (no labelled images yet)"
                        : String.format(
                                Locale.ROOT,
                                "accuracy      %.2f%%   (%,d of %,d labelled)",
                                100 * s.accuracy(),
                                s.correct(),
                                s.labelled()),
                s.predictions() == 0
                        ? "latency ms    n/a"
                        : String.format(
                                Locale.ROOT,
                                "latency ms    p50 %.0f   p99 %.0f   max %.0f",
                                s.p50Millis(),
                                s.p99Millis(),
                                s.maxMillis()),
                "models        " + models(s),
                "rollout       " + s.rollout(),
                String.format(
                        Locale.ROOT,
                        "dead letters  %,d%s",
                        s.deadLetters(),
                        s.undecodable() == 0
                                ? ""
                                : String.format(Locale.ROOT, "   (undecodable records: %,d)", s.undecodable())));
    }

    private static String models(final WatchStats.Summary s) {
        if (s.models().isEmpty()) {
            return "none yet";
        }
        return s.models().entrySet().stream()
                .map(e -> String.format(
                        Locale.ROOT,
                        "%s: %,d%s",
                        e.getKey(),
                        e.getValue(),
                        e.getKey().equals(s.latestModel()) ? " (serving)" : ""))
                .collect(Collectors.joining("   "));
    }
}
