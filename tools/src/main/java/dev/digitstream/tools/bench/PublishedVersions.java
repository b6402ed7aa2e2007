package dev.digitstream.tools.bench;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.RecordDecodingException;
import dev.digitstream.schemas.Topics;
import dev.digitstream.tools.cli.ToolException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** When a model version was published: the timestamp its producer gave its record on the models topic. */
final class PublishedVersions {

    private PublishedVersions() {}

    /** The record timestamp (epoch ms) of {@code version}; a {@link ToolException} when it is not on the topic. */
    static long publishedAt(
            final KafkaClientSettings kafka, final String modelsTopic, final long version, final Duration timeout) {
        final AvroSerde<ModelVersion> serde = AvroSerde.of(ModelVersion.class);
        final Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "digits-bench-models");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MODELS_MAX_MESSAGE_BYTES);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, Topics.MODELS_ISOLATION_LEVEL);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            final TopicPartition partition = new TopicPartition(modelsTopic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && versionOf(serde, record.value()) == version) {
                        return record.timestamp();
                    }
                }
            }
        }
        throw new ToolException("Model version " + version + " is not on " + modelsTopic);
    }

    private static long versionOf(final AvroSerde<ModelVersion> serde, final byte[] value) {
        try {
            return serde.decode(value).getVersion();
        } catch (RecordDecodingException e) {
            return -1;
        }
    }
}
