package dev.digitstream.streamer;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.Topics;
import dev.digitstream.testing.TestKafkaBroker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing to and reading from the test broker's topics. */
final class KafkaFixture implements AutoCloseable {

    static final AvroSerde<DigitPrediction> PREDICTIONS = AvroSerde.of(DigitPrediction.class);
    static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);

    private final String bootstrapServers = TestKafkaBroker.bootstrapServers();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    Topics.MODELS_MAX_MESSAGE_BYTES,
                    ProducerConfig.LINGER_MS_CONFIG,
                    5),
            new StringSerializer(),
            new ByteArraySerializer());

    String bootstrapServers() {
        return bootstrapServers;
    }

    void publish(final String topic, final ModelVersion version) {
        send(topic, ModelKeys.artifactKey(version.getName(), version.getVersion()), TestModels.encode(version));
    }

    /**
     * Writes the version in a transaction of the models topic's publishers and leaves it open, as a publisher
     * killed before its commit would; {@link #abortWhatAPublisherLeftOpen} then does what the next one does.
     */
    void publishWithoutCommit(final String topic, final ModelVersion version) {
        final KafkaProducer<String, byte[]> dying = publisherOf(topic);
        dying.initTransactions();
        dying.beginTransaction();
        dying.send(new ProducerRecord<>(
                topic, ModelKeys.artifactKey(version.getName(), version.getVersion()), TestModels.encode(version)));
        dying.flush();
        dying.close(Duration.ZERO);
    }

    /** A publisher starting: its transactional id fences the last one and aborts what that one left open. */
    void abortWhatAPublisherLeftOpen(final String topic) {
        try (KafkaProducer<String, byte[]> next = publisherOf(topic)) {
            next.initTransactions();
        }
    }

    private KafkaProducer<String, byte[]> publisherOf(final String topic) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        Topics.MODELS_MAX_MESSAGE_BYTES,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        Topics.publisherTransactionalId(topic)),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Sends images {@code from..to-1} of the data set with ids {@code prefix + index}; returns each one's partition. */
    Map<String, Integer> sendImages(
            final String topic, final MnistDataset data, final int from, final int to, final String idPrefix) {
        final List<Future<RecordMetadata>> sent = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            final String id = idPrefix + i;
            final DigitImage image = DigitImage.newBuilder()
                    .setId(id)
                    .setPixels(ByteBuffer.wrap(data.image(i)))
                    .setLabel(data.label(i))
                    .setCreatedAt(Instant.now())
                    .build();
            ids.add(id);
            sent.add(producer.send(new ProducerRecord<>(topic, id, TestImages.encode(image))));
        }
        final Map<String, Integer> partitions = new java.util.HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            partitions.put(ids.get(i), get(sent.get(i)).partition());
        }
        return partitions;
    }

    void send(final String topic, final String key, final byte[] value) {
        get(producer.send(new ProducerRecord<>(topic, key, value)));
    }

    /** A reader of a topic from its beginning; {@code readCommitted} hides aborted transactions. */
    TopicReader reader(final String topic, final boolean readCommitted) {
        return new TopicReader(
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                readCommitted ? "read_committed" : "read_uncommitted",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        new StringDeserializer(),
                        new ByteArrayDeserializer()),
                topic);
    }

    private static <T> T get(final Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Accumulates every record of a topic (all partitions, from the beginning) as it is polled. */
    static final class TopicReader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

        TopicReader(final KafkaConsumer<String, byte[]> consumer, final String topic) {
            this.consumer = consumer;
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Polls once, then answers everything read so far. */
        List<ConsumerRecord<String, byte[]>> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records;
        }

        List<DigitPrediction> predictions() {
            return records.stream().map(r -> PREDICTIONS.decode(r.value())).toList();
        }

        Map<Integer, List<DigitPrediction>> predictionsByPartition() {
            return records.stream()
                    .collect(Collectors.groupingBy(
                            ConsumerRecord::partition,
                            Collectors.mapping(r -> PREDICTIONS.decode(r.value()), Collectors.toList())));
        }

        List<DeadLetter> deadLetters() {
            return records.stream().map(r -> DEAD_LETTERS.decode(r.value())).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
