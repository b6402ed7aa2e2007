package dev.digitstream.tools.watch;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The watch loop: polls the feed, keeps the totals, writes JSON lines and refreshes the summary. */
public final class Watch {

    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * When to stop on its own.
     *
     * @param maxRecords predictions plus dead letters to read, 0 for no limit
     * @param duration   how long to watch, {@link Duration#ZERO} for no limit
     * @param idle       how long to wait for the next record, {@link Duration#ZERO} for ever
     */
    public record Limits(long maxRecords, Duration duration, Duration idle) {

        public Limits(final long maxRecords, final Duration duration) {
            this(maxRecords, duration, Duration.ZERO);
        }
    }

    private Watch() {}

    /**
     * Watches until a limit is reached or {@code stop} says so.
     *
     * @param json    where each record goes as a JSON line, or null
     * @param view    the live summary, or null
     * @param refresh how often the live summary is redrawn
     * @return the final totals
     */
    public static WatchStats.Summary run(
            final PredictionFeed feed,
            final Limits limits,
            final JsonLines json,
            final SummaryView view,
            final Duration refresh,
            final BooleanSupplier stop) {
        final WatchStats stats = new WatchStats();
        final long deadline = limits.duration().isZero()
                ? Long.MAX_VALUE
                : System.nanoTime() + limits.duration().toNanos();
        long nextRefresh = System.nanoTime() + refresh.toNanos();
        long answered = 0;
        long lastArrival = System.nanoTime();
        while (!stop.getAsBoolean() && (limits.maxRecords() == 0 || answered < limits.maxRecords())) {
            final long left = deadline - System.nanoTime();
            if (left <= 0
                    || (!limits.idle().isZero()
                            && System.nanoTime() - lastArrival > limits.idle().toNanos())) {
                break;
            }
            PredictionFeed.Arrivals arrivals = feed.poll(Duration.ofNanos(Math.min(left, POLL.toNanos())));
            if (limits.maxRecords() > 0) {
                arrivals = arrivals.limit((int) Math.min(Integer.MAX_VALUE, limits.maxRecords() - answered));
            }
            answered += arrivals.size();
            if (arrivals.size() > 0) {
                lastArrival = System.nanoTime();
            }
            stats.add(arrivals);
            feed.pollRollout(stats.rollout());
            if (json != null) {
                json.write(arrivals);
            }
            if (view != null && System.nanoTime() >= nextRefresh) {
                view.show(stats.summary());
                nextRefresh = System.nanoTime() + refresh.toNanos();
            }
        }
        return stats.summary();
    }
}
