package dev.digitstream.streamer;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration, kept apart from the topology so that tests and the app share it. */
final class StreamsSettings {

    /** Producer linger: Kafka Streams' default of 100 ms dominates latency at moderate rates. */
    static final int LINGER_MS = 5;
    /** Longest wait in poll() when no input arrives, bounded so the wall-clock punctuator runs on time. */
    static final long MAX_POLL_MS = 100;

    private StreamsSettings() {
    }

    /**
     * The streamer's settings for Kafka Streams, with explicit Kafka properties (for example Spring Boot's
     * {@code spring.kafka.streams.*}) applied on top, so that an operator can still override any of them.
     */
    static Map<String, Object> streamsConfig(final StreamerProperties properties, final Map<String, Object> overrides) {
        final Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, properties.processingGuarantee());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.inferenceThreads());
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), LINGER_MS);
        // The wall-clock punctuator that flushes partial batches runs between polls; an idle thread
        // blocks in poll() for poll.ms (default 100 ms), which would stretch the maximum batch wait.
        config.put(StreamsConfig.POLL_MS_CONFIG,
                Math.max(1, Math.min(MAX_POLL_MS, properties.batch().punctuateEvery().toMillis())));
        config.putAll(overrides);
        return config;
    }
}
