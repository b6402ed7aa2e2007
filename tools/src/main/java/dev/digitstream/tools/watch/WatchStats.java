package dev.digitstream.tools.watch;

import dev.digitstream.schemas.DigitPrediction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Running totals of what a watcher has seen: counts, accuracy, latency, model versions, dead letters. */
public final class WatchStats {

    /** A consistent copy of the totals at one moment. */
    public record Summary(
            long predictions,
            long labelled,
            long correct,
            long deadLetters,
            long undecodable,
            double p50Millis,
            double p99Millis,
            double maxMillis,
            Map<String, Long> models,
            String latestModel,
            double seconds,
            double recentPerSecond,
            String rollout) {

        double accuracy() {
            return labelled == 0 ? Double.NaN : (double) correct / labelled;
        }

        /** Predictions plus dead letters: every input record the system has answered for. */
        public long answered() {
            return predictions + deadLetters;
        }

        double averagePerSecond() {
            return seconds <= 0 ? 0 : predictions / seconds;
        }
    }

    private final Histogram latencyMillis = new Histogram(3);
    private final Map<String, Long> models = new LinkedHashMap<>();
    private final RolloutProgress rollout = new RolloutProgress();
    private final long startNanos = System.nanoTime();
    private long predictions;
    private long labelled;
    private long correct;
    private long deadLetters;
    private long undecodable;
    private String latestModel = "";
    private long predictionsAtLastSummary;
    private long nanosAtLastSummary = startNanos;

    void add(final PredictionFeed.Arrivals arrivals) {
        for (final DigitPrediction prediction : arrivals.predictions()) {
            predictions++;
            if (prediction.getLabel() != null) {
                labelled++;
                if (prediction.getLabel() == prediction.getDigit()) {
                    correct++;
                }
            }
            latencyMillis.recordValue(Math.max(
                    0, arrivals.arrivedAtMillis() - prediction.getCreatedAt().toEpochMilli()));
            latestModel = modelOf(prediction);
            models.merge(latestModel, 1L, Long::sum);
        }
        deadLetters += arrivals.deadLetters().size();
        undecodable += arrivals.undecodable();
    }

    RolloutProgress rollout() {
        return rollout;
    }

    static String modelOf(final DigitPrediction prediction) {
        return prediction.getModelName() + " v" + prediction.getModelVersion();
    }

    /** The totals now; the recent rate is measured since the previous call. */
    public Summary summary() {
        final long now = System.nanoTime();
        final double window = (now - nanosAtLastSummary) / 1e9;
        final double recent = window <= 0 ? 0 : (predictions - predictionsAtLastSummary) / window;
        predictionsAtLastSummary = predictions;
        nanosAtLastSummary = now;
        final boolean any = latencyMillis.getTotalCount() > 0;
        return new Summary(
                predictions,
                labelled,
                correct,
                deadLetters,
                undecodable,
                any ? latencyMillis.getValueAtPercentile(50) : Double.NaN,
                any ? latencyMillis.getValueAtPercentile(99) : Double.NaN,
                any ? latencyMillis.getMaxValue() : Double.NaN,
                Collections.unmodifiableMap(new LinkedHashMap<>(models)),
                latestModel,
                (now - startNanos) / 1e9,
                recent,
                rollout.line());
    }
}
