package dev.digitstream.tools.kafka;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every partition of some topics without a consumer group: an observer neither commits offsets
 * nor waits for a rebalance, and it holds its partitions from the moment it is made. It starts at the
 * end of each partition, or at the beginning when asked, and that start is resolved before the
 * constructor returns, so nothing written afterwards is missed. One thread uses it; any may call
 * {@link #wakeup()}.
 */
public final class PartitionReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Duration timeout;

    /** A {@link dev.digitstream.tools.cli.ToolException} when the broker or a topic is missing. */
    public PartitionReader(
            final KafkaClientSettings kafka,
            final String clientId,
            final List<String> topics,
            final Duration timeout,
            final boolean fromBeginning) {
        final Map<String, Integer> counts = Brokers.requireTopics(kafka, timeout, topics);
        final Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Committed records only: the models topic's publications, and an exactly-once streamer's output, are
        // transactions.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, Topics.MODELS_ISOLATION_LEVEL);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.timeout = timeout;
        counts.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        });
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // seekTo* is lazy: resolve now, so that nothing sent after this constructor returns is missed.
        partitions.forEach(consumer::position);
    }

    /** Waits up to {@code wait} for records; a {@link org.apache.kafka.common.errors.WakeupException} after {@link #wakeup()}. */
    public ConsumerRecords<String, byte[]> poll(final Duration wait) {
        return consumer.poll(wait);
    }

    /** The end offset of every partition now: how far the topics went when this was asked. */
    public Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions, timeout);
    }

    /** True once this reader has read every partition up to {@code ends}. */
    public boolean hasReached(final Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    /** Makes a blocked or the next {@link #poll} throw a wakeup; safe from any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
