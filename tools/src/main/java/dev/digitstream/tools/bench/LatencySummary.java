package dev.digitstream.tools.bench;

import java.util.Collection;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds of a set of arrivals (all zero when there are none). */
record LatencySummary(long count, long p50, long p90, long p99, long max) {

    /** Ten minutes: anything slower is recorded as this. */
    private static final long HIGHEST_MILLIS = 600_000;

    static LatencySummary of(final Collection<Arrival> arrivals, final Predicate<Arrival> which) {
        final Histogram histogram = new Histogram(HIGHEST_MILLIS, 3);
        for (final Arrival arrival : arrivals) {
            if (which.test(arrival)) {
                histogram.recordValue(Math.min(HIGHEST_MILLIS, arrival.latencyMillis()));
            }
        }
        if (histogram.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0);
        }
        return new LatencySummary(
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99),
                histogram.getMaxValue());
    }

    static LatencySummary of(final Collection<Arrival> arrivals) {
        return of(arrivals, arrival -> true);
    }
}
