package dev.digitstream.console.live;

import dev.digitstream.console.ConsoleProperties;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitPrediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.springframework.stereotype.Component;

/**
 * What the feed has read, in one-second buckets: the rate, the latency percentiles and each model
 * version's online accuracy over sliding windows, and the running totals of predictions and dead
 * letters by reason. The feed adds one poll at a time; the live view takes a {@link LiveSnapshot} per
 * push, so its cost does not grow with the rate.
 */
@Component
public final class LiveStats {

    /** The rate is averaged over the last complete seconds, so that it does not jump with each poll. */
    static final int RATE_SECONDS = 3;

    private final int accuracySeconds;
    private final int latencySeconds;
    private final Second[] seconds;
    private final Map<String, Long> deadLettersByReason = new TreeMap<>();
    private long predictions;
    private long deadLetters;
    private long undecodable;
    private boolean connected;

    LiveStats(final ConsoleProperties properties) {
        this.accuracySeconds = Math.max(1, (int) properties.accuracyWindow().toSeconds());
        this.latencySeconds = Math.max(1, (int) properties.latencyWindow().toSeconds());
        this.seconds = new Second[Math.max(Math.max(accuracySeconds, latencySeconds), RATE_SECONDS) + 2];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = new Second();
        }
    }

    /** Whether the feed is reading Kafka now. */
    public synchronized void connected(final boolean reading) {
        this.connected = reading;
    }

    /** One poll's records, read at {@code arrivedAtMillis} (the end of their end-to-end latency). */
    public synchronized void add(
            final List<DigitPrediction> predicted,
            final List<DeadLetter> rejected,
            final int undecodableRecords,
            final long arrivedAtMillis) {
        final Second second = second(arrivedAtMillis / 1000);
        for (final DigitPrediction prediction : predicted) {
            predictions++;
            second.predictions++;
            second.latency.recordValue(
                    Math.max(0, arrivedAtMillis - prediction.getCreatedAt().toEpochMilli()));
            final long[] model = second.byModel.computeIfAbsent(modelOf(prediction), name -> new long[3]);
            model[0]++;
            if (prediction.getLabel() != null) {
                model[1]++;
                if (prediction.getLabel() == prediction.getDigit()) {
                    model[2]++;
                }
            }
        }
        for (final DeadLetter deadLetter : rejected) {
            deadLetters++;
            deadLettersByReason.merge(deadLetter.getReason().name(), 1L, Long::sum);
        }
        undecodable += undecodableRecords;
    }

    /** Everything the live view shows, as of {@code nowMillis}. */
    public synchronized LiveSnapshot snapshot(final long nowMillis) {
        final long now = nowMillis / 1000;
        long recent = 0;
        for (long s = now - RATE_SECONDS; s < now; s++) {
            recent += at(s).map(second -> second.predictions).orElse(0L);
        }
        final Histogram latency = new Histogram(3);
        for (long s = now - latencySeconds + 1; s <= now; s++) {
            at(s).ifPresent(second -> latency.add(second.latency));
        }
        final Map<String, long[]> models = new TreeMap<>();
        for (long s = now - accuracySeconds + 1; s <= now; s++) {
            at(s).ifPresent(second -> second.byModel.forEach((model, counts) -> {
                final long[] sum = models.computeIfAbsent(model, name -> new long[3]);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += counts[i];
                }
            }));
        }
        final List<LiveSnapshot.ModelWindow> windows = new ArrayList<>();
        models.forEach((model, counts) -> windows.add(new LiveSnapshot.ModelWindow(
                model, counts[0], counts[1], counts[2], counts[1] == 0 ? null : (double) counts[2] / counts[1])));
        final boolean any = latency.getTotalCount() > 0;
        return new LiveSnapshot(
                nowMillis,
                connected,
                predictions,
                deadLetters,
                undecodable,
                (double) recent / RATE_SECONDS,
                any ? (double) latency.getValueAtPercentile(50) : null,
                any ? (double) latency.getValueAtPercentile(99) : null,
                latencySeconds,
                accuracySeconds,
                windows,
                new LinkedHashMap<>(deadLettersByReason));
    }

    static String modelOf(final DigitPrediction prediction) {
        return prediction.getModelName() + " v" + prediction.getModelVersion();
    }

    /** The bucket of {@code epochSecond}, emptied first when it still holds an older second. */
    private Second second(final long epochSecond) {
        final Second second = seconds[(int) Math.floorMod(epochSecond, (long) seconds.length)];
        if (second.epochSecond != epochSecond) {
            second.reset(epochSecond);
        }
        return second;
    }

    /** The bucket of {@code epochSecond} if it holds that second. */
    private Optional<Second> at(final long epochSecond) {
        final Second second = seconds[(int) Math.floorMod(epochSecond, (long) seconds.length)];
        return second.epochSecond == epochSecond ? Optional.of(second) : Optional.empty();
    }

    /** One second of predictions: count, latency, and per model version answered, labeled, correct. */
    private static final class Second {
        private long epochSecond = Long.MIN_VALUE;
        private long predictions;
        private final Histogram latency = new Histogram(3);
        private final Map<String, long[]> byModel = new LinkedHashMap<>();

        void reset(final long second) {
            epochSecond = second;
            predictions = 0;
            latency.reset();
            byModel.clear();
        }
    }
}
