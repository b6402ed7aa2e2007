package dev.digitstream.tools.bench;

import dev.digitstream.tools.process.StreamerMetricsSample;
import java.util.List;
import java.util.Map;

/**
 * The figures of one phase: what was sent and answered, the throughput from the first send to the last
 * answer, the latencies, and the cores each process used (empty when not measured).
 *
 * @param rate images/s asked for; 0 for flat out
 */
record PhaseResult(
        String name,
        double rate,
        OutputCollector.LedgerCounts counts,
        long deadLetters,
        double seconds,
        double throughput,
        LatencySummary latency,
        Map<String, Double> cores,
        StreamerMetricsSample.StreamerActivity streamer) {

    static PhaseResult of(
            final String name,
            final double rate,
            final LoadGenerator.Sent sent,
            final OutputCollector.LedgerCounts counts,
            final long deadLetters,
            final List<Arrival> arrivals,
            final Map<String, Double> cores,
            final StreamerMetricsSample.StreamerActivity streamer) {
        final long lastArrival =
                arrivals.stream().mapToLong(Arrival::arrivedAtMillis).max().orElse(sent.firstSendMillis());
        final double seconds = Math.max(0.001, (lastArrival - sent.firstSendMillis()) / 1000.0);
        return new PhaseResult(
                name,
                rate,
                counts,
                deadLetters,
                seconds,
                counts.answered() / seconds,
                LatencySummary.of(arrivals),
                cores,
                streamer);
    }
}
