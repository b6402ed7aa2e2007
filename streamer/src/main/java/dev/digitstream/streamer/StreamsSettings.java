package dev.digitstream.streamer;

import dev.digitstream.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration, kept apart from the topology so that tests and the app share it. */
final class StreamsSettings {

    /** Producer linger: Kafka Streams' default of 100 ms dominates latency at moderate rates. */
    static final int LINGER_MS = 5;
    /** Longest wait in poll() when no input arrives, bounded so the wall-clock punctuator runs on time. */
    static final long MAX_POLL_MS = 100;

    /**
     * Failover: the group notices a killed instance after the session timeout, and only then moves its
     * partitions. Kafka's default of 45 s left half the partitions unserved for 45 s; 6 s is the lowest a
     * broker accepts by default ({@code group.min.session.timeout.ms}). Heartbeats every 0.5 s: a survivor
     * learns of a rebalance at its next heartbeat, so this bounds how long a graceful handover waits.
     */
    static final int SESSION_TIMEOUT_MS = 6_000;

    static final int HEARTBEAT_INTERVAL_MS = 500;
    /**
     * At-least-once replays everything since the last commit after a crash: commit every second instead
     * of Kafka Streams' default 30 s, so a crash repeats about one second of input. Exactly-once keeps its
     * own default (100 ms) and repeats nothing.
     */
    static final long AT_LEAST_ONCE_COMMIT_INTERVAL_MS = 1_000;

    private StreamsSettings() {}

    /**
     * The streamer's settings for Kafka Streams, with explicit Kafka properties (for example Spring Boot's
     * {@code spring.kafka.streams.*}) applied on top, so that an operator can still override any of them.
     */
    static Map<String, Object> streamsConfig(final StreamerProperties properties, final Map<String, Object> overrides) {
        final Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, properties.processingGuarantee());
        // No stream threads until a model serves (StreamThreadsOnModel adds inference-threads of them), so
        // that an instance without a model never holds partitions another instance could serve.
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 0);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), LINGER_MS);
        // The global store reads the models topic, whose publications are transactions.
        config.put(
                StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG),
                Topics.MODELS_ISOLATION_LEVEL);
        config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        config.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), HEARTBEAT_INTERVAL_MS);
        // Static membership: Kafka Streams makes a member leave the group as it closes only when it has an
        // instance id (KafkaStreams.close with leaveGroup removes static members), so a graceful stop hands
        // its partitions over at once instead of after the session timeout. A killed member still waits
        // out the session timeout, as a dynamic one would.
        config.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                properties.instanceId().isBlank() ? "digitstream-" + UUID.randomUUID() : properties.instanceId());
        if (StreamsConfig.AT_LEAST_ONCE.equals(properties.processingGuarantee())) {
            config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, AT_LEAST_ONCE_COMMIT_INTERVAL_MS);
        }
        // The wall-clock punctuator that flushes partial batches runs between polls; an idle thread
        // blocks in poll() for poll.ms (default 100 ms), which would stretch the maximum batch wait.
        config.put(
                StreamsConfig.POLL_MS_CONFIG,
                Math.max(
                        1,
                        Math.min(
                                MAX_POLL_MS, properties.batch().punctuateEvery().toMillis())));
        config.putAll(overrides);
        return config;
    }
}
