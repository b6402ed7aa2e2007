package dev.digitstream.tools.bench;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.tools.cli.ToolException;
import dev.digitstream.tools.process.StreamerMetricsSample;
import dev.digitstream.tools.process.StreamerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs one phase of the load harness: starts reading the output, sends the images, waits for the
 * answers (or, once the output is read to its end, for it to stay quiet), and measures what the
 * processes used meanwhile.
 */
final class PhaseRunner {

    /** A phase's figures and every arrival behind them (the swap analysis needs them). */
    record Outcome(PhaseResult result, List<Arrival> arrivals) {}

    /**
     * The path a phase measures: the topic its images go to, the topic whose answers carry latencies,
     * the dead-letter topics, and the streamer whose metrics to read (null for the pass-through).
     */
    record Route(
            String inputTopic,
            String outputTopic,
            List<String> deadLetterTopics,
            OutputCollector.Decoder decoder,
            StreamerProcess streamer) {

        /** Kafka Streams copying bytes from one topic to another, in this JVM. */
        static Route passThrough(final BenchTopics topics) {
            return new Route(
                    topics.passThroughIn(), topics.passThroughOut(), List.of(), OutputCollector.passThrough(), null);
        }

        /** The streamer: images in, predictions and dead letters out. */
        static Route streamer(final BenchTopics topics, final StreamerProcess streamer) {
            return new Route(
                    topics.images(),
                    topics.predictions(),
                    List.of(topics.deadLetters()),
                    OutputCollector.predictions(),
                    streamer);
        }
    }

    /**
     * What a phase sends: {@code count} images with ids {@code <idPrefix><n>}, at {@code rate} per
     * second (0 for flat out), with an action part-way through.
     */
    record Load(String idPrefix, long count, double rate, LoadGenerator.MidRunAction midRun) {

        static Load flatOut(final String idPrefix, final long count) {
            return paced(idPrefix, count, 0);
        }

        static Load paced(final String idPrefix, final long count, final double rate) {
            return new Load(idPrefix, count, rate, LoadGenerator.MidRunAction.none());
        }

        Load with(final LoadGenerator.MidRunAction action) {
            return new Load(idPrefix, count, rate, action);
        }
    }

    private final LoadGenerator load;
    private final KafkaClientSettings kafka;
    private final Map<String, ProcessHandle> processes;
    private final Duration drain;

    PhaseRunner(
            final LoadGenerator load,
            final KafkaClientSettings kafka,
            final Map<String, ProcessHandle> processes,
            final Duration drain) {
        this.load = load;
        this.kafka = kafka;
        this.processes = processes;
        this.drain = drain;
    }

    Outcome run(final String name, final Route route, final Load phase) {
        final DeliveryLedger ledger = new DeliveryLedger(LoadGenerator.ids(phase.idPrefix(), phase.count()));
        final StreamerProcess streamer = route.streamer();
        try (OutputCollector collector = new OutputCollector(
                kafka,
                route.outputTopic(),
                route.deadLetterTopics(),
                route.decoder(),
                ledger,
                Duration.ofSeconds(30))) {
            final StreamerMetricsSample metricsBefore = streamer == null ? null : streamer.sample();
            final CpuUse cpuBefore = CpuUse.now(processes);
            final LoadGenerator.Sent sent =
                    load.send(route.inputTopic(), phase.idPrefix(), phase.count(), phase.rate(), phase.midRun());
            try {
                collector.awaitComplete(drain);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while waiting for the " + name + " phase's output", e);
            }
            final Map<String, Double> cores = CpuUse.now(processes).coresSince(cpuBefore);
            final StreamerMetricsSample.StreamerActivity activity =
                    streamer == null ? null : streamer.sample().since(metricsBefore);
            final List<Arrival> arrivals = collector.arrivals();
            return new Outcome(
                    PhaseResult.of(
                            name,
                            phase.rate(),
                            sent,
                            collector.counts(),
                            collector.deadLetters(),
                            arrivals,
                            cores,
                            activity),
                    arrivals);
        }
    }
}
