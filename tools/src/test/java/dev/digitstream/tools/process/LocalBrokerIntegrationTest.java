package dev.digitstream.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The broker that local mode and the bench start, on the class path Maven resolved for it. */
class LocalBrokerIntegrationTest {

    @TempDir
    static Path work;

    private static ChildProcesses children;
    private static LocalBroker broker;

    @BeforeAll
    static void startBroker() {
        children = new ChildProcesses(work.resolve("logs"));
        broker = new LocalBroker(work, 0);
        broker.start(children, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopBroker() {
        children.stopAll();
    }

    /** Kafka's codecs are runtime dependencies of kafka-clients: the broker needs them to validate batches. */
    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "lz4", "snappy", "zstd"})
    void shouldAcceptBatchesInEveryCompressionType(final String compression) throws Exception {
        final String topic = "compressed-" + compression;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        compression,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        20_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        10_000),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value " + i + " ".repeat(100)));
            }
            producer.flush();
            producer.send(new ProducerRecord<>(topic, "last", "value")).get();
        }

        assertThat(readAll(topic)).hasSize(101);
    }

    @Test
    void shouldListenOnLoopbackOnly() {
        assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
    }

    private static List<ConsumerRecord<String, String>> readAll(final String topic) {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "reader-" + topic),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 101 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
