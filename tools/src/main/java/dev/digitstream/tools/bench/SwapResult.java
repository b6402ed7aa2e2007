package dev.digitstream.tools.bench;

import java.util.List;
import java.util.function.Predicate;

/**
 * A hot swap seen from outside: when the new version was published (its record's timestamp on the
 * models topic), how long until the first prediction naming it arrived, and the latencies of the
 * images created in the swap window (from the publication to one second after that first prediction)
 * against those of the same phase outside it.
 *
 * @param publishedAfterMillis the publication, from the first image of the phase
 * @param swapMillis           publication to first new-version prediction; -1 when none arrived
 */
record SwapResult(
        long newVersion,
        long publishedAtMillis,
        long publishedAfterMillis,
        long swapMillis,
        LatencySummary duringSwap,
        LatencySummary steady,
        long oldVersionAnswers,
        long newVersionAnswers) {

    /** How long after the first new-version prediction the window still counts as the swap. */
    static final long SETTLE_MILLIS = 1_000;

    static SwapResult of(final List<Arrival> arrivals, final long newVersion, final long publishedAtMillis) {
        final long firstNew = arrivals.stream()
                .filter(a -> a.modelVersion() >= newVersion)
                .mapToLong(Arrival::arrivedAtMillis)
                .min()
                .orElse(-1);
        final long windowEnd = firstNew < 0 ? Long.MAX_VALUE : firstNew + SETTLE_MILLIS;
        final Predicate<Arrival> inWindow =
                a -> a.createdAtMillis() >= publishedAtMillis && a.createdAtMillis() <= windowEnd;
        final long newAnswers =
                arrivals.stream().filter(a -> a.modelVersion() >= newVersion).count();
        final long phaseStart =
                arrivals.stream().mapToLong(Arrival::createdAtMillis).min().orElse(publishedAtMillis);
        return new SwapResult(
                newVersion,
                publishedAtMillis,
                publishedAtMillis - phaseStart,
                firstNew < 0 ? -1 : firstNew - publishedAtMillis,
                LatencySummary.of(arrivals, inWindow),
                LatencySummary.of(arrivals, inWindow.negate()),
                arrivals.size() - newAnswers,
                newAnswers);
    }
}
