package dev.digitstream.tools.bench;

import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.process.StreamerMetricsSample;
import dev.digitstream.tools.process.StreamerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs one phase of the load harness: starts reading the output, sends the images, waits for the
 * answers (or for the output to go quiet), and measures what the processes used meanwhile.
 */
final class PhaseRunner {

    /** A phase's figures and every arrival behind them (the swap analysis needs them). */
    record Outcome(PhaseResult result, List<Arrival> arrivals) {
    }

    private final LoadGenerator load;
    private final String bootstrapServers;
    private final Map<String, ProcessHandle> processes;
    private final Duration drain;

    PhaseRunner(final LoadGenerator load, final String bootstrapServers, final Map<String, ProcessHandle> processes,
                final Duration drain) {
        this.load = load;
        this.bootstrapServers = bootstrapServers;
        this.processes = processes;
        this.drain = drain;
    }

    /**
     * @param streamer the streamer whose metrics to read, or null (pass-through)
     */
    Outcome run(final String name, final String inputTopic, final String outputTopic, final List<String> deadLetterTopics,
                final OutputCollector.Decoder decoder, final String idPrefix, final long count, final double rate,
                final LoadGenerator.MidRunAction midRun, final StreamerProcess streamer) {
        final DeliveryLedger ledger = new DeliveryLedger(LoadGenerator.ids(idPrefix, count));
        try (OutputCollector collector = new OutputCollector(bootstrapServers, outputTopic, deadLetterTopics, decoder,
                ledger, Duration.ofSeconds(30))) {
            final StreamerMetricsSample metricsBefore = streamer == null ? null : streamer.sample();
            final CpuUse cpuBefore = CpuUse.now(processes);
            final LoadGenerator.Sent sent = load.send(inputTopic, idPrefix, count, rate, midRun);
            try {
                collector.awaitComplete(drain);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while waiting for the " + name + " phase's output", e);
            }
            final Map<String, Double> cores = CpuUse.now(processes).coresSince(cpuBefore);
            final StreamerMetricsSample.StreamerActivity activity = streamer == null ? null
                    : streamer.sample().since(metricsBefore);
            final List<Arrival> arrivals = collector.arrivals();
            return new Outcome(PhaseResult.of(name, rate, sent, collector.counts(), collector.deadLetters(), arrivals,
                    cores, activity), arrivals);
        }
    }
}
