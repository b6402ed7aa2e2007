package dev.digitstream.schemas;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The operators' client of the models topic, shared by the trainer's publisher and the {@code digits
 * models} commands: reads the whole topic's committed records into a {@link ModelCatalog} (by
 * assignment, no group) and appends records in transactions, with {@code acks=all}. Fails within its
 * timeout, never retries for minutes, with a {@link Failure} whose message is one line.
 */
public final class ModelsTopic {

    private static final AvroSerde<ModelVersion> VERSIONS = AvroSerde.of(ModelVersion.class);
    private static final AvroSerde<ModelRollout> ROLLOUTS = AvroSerde.of(ModelRollout.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> client;
    private final String topic;
    private final Duration timeout;

    /**
     * @param client  Kafka client settings: at least the bootstrap servers, plus any security settings
     * @param topic   the models topic
     * @param timeout how long any one call may wait for Kafka
     */
    public ModelsTopic(final Map<String, Object> client, final String topic, final Duration timeout) {
        this.client = Map.copyOf(client);
        this.topic = topic;
        this.timeout = timeout;
    }

    public String topic() {
        return topic;
    }

    /** Every record of the topic, folded in order. */
    public ModelCatalog read() {
        final ModelCatalog catalog = new ModelCatalog();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new Failure("Topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new Failure(
                            "Cannot read topic " + topic + " to its end within " + timeout.toSeconds() + " s");
                }
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    catalog.add(record.key(), record.value());
                }
            }
            return catalog;
        } catch (KafkaException e) {
            throw failure("read topic " + topic, e);
        }
    }

    /** A record of a version under its own key. */
    public ProducerRecord<String, byte[]> artifact(final ModelVersion version) {
        return new ProducerRecord<>(
                topic, ModelKeys.artifactKey(version.getName(), version.getVersion()), VERSIONS.encode(version));
    }

    /** A record of a name's rollout state. */
    public ProducerRecord<String, byte[]> rollout(final ModelRollout state) {
        return new ProducerRecord<>(topic, ModelKeys.rolloutKey(state.getName()), ROLLOUTS.encode(state));
    }

    /** A tombstone: compaction then removes every record under the key. */
    public ProducerRecord<String, byte[]> tombstone(final String key) {
        return new ProducerRecord<>(topic, key, null);
    }

    /** Appends the records in order and waits until every one is acknowledged; the last one's offset. */
    public long append(final List<ProducerRecord<String, byte[]>> records) {
        try (Writer writer = writer()) {
            return writer.append(records);
        }
    }

    /**
     * A producer of this topic, connected and with the topic's metadata once this returns, open until
     * closed: a publication that must land at a given moment opens it ahead, and then only sends.
     */
    public Writer writer() {
        return new Writer();
    }

    /** An open producer of the models topic; see {@link #writer()}. */
    public final class Writer implements AutoCloseable {

        private final KafkaProducer<String, byte[]> producer;

        private Writer() {
            try {
                producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
            } catch (KafkaException e) {
                throw failure("write to topic " + topic, e);
            }
            try {
                producer.partitionsFor(topic);
                producer.initTransactions();
            } catch (KafkaException e) {
                producer.close(Duration.ZERO);
                throw failure("write to topic " + topic, e);
            }
        }

        /**
         * Appends the records in order, in one transaction, and waits until it is committed: readers see all
         * of them or none. Returns the last one's offset.
         */
        public long append(final List<ProducerRecord<String, byte[]>> records) {
            try {
                producer.beginTransaction();
                final List<Future<RecordMetadata>> sent =
                        records.stream().map(producer::send).toList();
                producer.commitTransaction();
                long last = -1;
                for (final Future<RecordMetadata> acknowledged : sent) {
                    last = acknowledged
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .offset();
                }
                return last;
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                abortQuietly();
                throw failure("write to topic " + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("Interrupted while writing to " + topic, e);
            }
        }

        /** A failed transaction is aborted where the producer still can; where it cannot, the broker times it out. */
        private void abortQuietly() {
            try {
                producer.abortTransaction();
            } catch (KafkaException | IllegalStateException e) {
                // Fenced or not connected: nothing is visible to readers either way.
            }
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    private Failure failure(final String action, final Exception e) {
        final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        final String servers = String.valueOf(client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException || cause instanceof TimeoutException) {
            return new Failure(
                    "Cannot " + action + ": no answer from Kafka at " + servers + " within " + timeout.toSeconds()
                            + " s",
                    e);
        }
        return new Failure(
                "Cannot " + action + " at " + servers + ": " + cause.getClass().getSimpleName() + ": "
                        + cause.getMessage(),
                e);
    }

    private Map<String, Object> common() {
        final Map<String, Object> config = new HashMap<>(client);
        // Short timeouts: a CLI must fail in bounded time when the broker is unreachable.
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return config;
    }

    private Map<String, Object> consumerConfig() {
        final Map<String, Object> config = common();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, Topics.MODELS_ISOLATION_LEVEL);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MODELS_MAX_MESSAGE_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * Topics.MODELS_MAX_MESSAGE_BYTES);
        return config;
    }

    private Map<String, Object> producerConfig() {
        final Map<String, Object> config = common();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Topics.publisherTransactionalId(topic));
        // The default request limit of 1 MiB is too close to a model's size; match the topic's limit.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MODELS_MAX_MESSAGE_BYTES);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                (timeout.toMillis() + Math.min(timeout.toMillis(), 10_000)));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    /** Kafka did not answer, refused, or the topic could not be read: the message is one line for a CLI. */
    public static final class Failure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public Failure(final String message) {
            super(message);
        }

        public Failure(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
