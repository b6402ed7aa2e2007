package dev.digitstream.trainer;

import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.ModelMetrics;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.RecordDecodingException;
import dev.digitstream.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes model versions to the compacted models topic: creates the topic when missing, reads the
 * latest version of the model name from it and appends version N+1, keyed by the model name.
 *
 * <p>Versions are numbered by reading then writing, so two publishers racing on the same name could
 * both write N+1; publishing is a deliberate, one-at-a-time operator action.
 */
final class ModelPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);
    private static final AvroSerde<ModelVersion> SERDE = AvroSerde.of(ModelVersion.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;

    ModelPublisher(final String bootstrapServers, final String topic, final Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Creates the topic (one partition, compacted) unless it exists; fails in bounded time without a broker. */
    void ensureTopic() {
        try (Admin admin = Admin.create(adminConfig())) {
            if (admin.listTopics().names().get().contains(topic)) {
                return;
            }
            final int brokers = admin.describeCluster().nodes().get().size();
            final NewTopic newTopic = Topics.models(topic, (short) Math.min(3, brokers));
            try {
                admin.createTopics(List.of(newTopic)).all().get();
                LOG.info(
                        "Created topic {} (1 partition, replication {}, compacted)",
                        topic,
                        newTopic.replicationFactor());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException | KafkaException e) {
            throw kafkaFailure("prepare topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainerException("Interrupted while preparing topic " + topic, e);
        }
    }

    /** The highest version published under this model name, or 0 when there is none. */
    long latestVersion(final String modelName) {
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            final long deadline = System.nanoTime() + timeout.toNanos();
            long latest = 0;
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new TrainerException(
                            "Cannot read topic " + topic + " to its end within " + timeout.toSeconds() + " s");
                }
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (modelName.equals(record.key()) && record.value() != null) {
                        latest = Math.max(latest, versionOf(record));
                    }
                }
            }
            return latest;
        } catch (KafkaException e) {
            throw kafkaFailure("read topic " + topic, e);
        }
    }

    /** Publishes the artifact as the next version of the model name and waits for the acknowledgement. */
    long publish(
            final String modelName,
            final ModelArtifact artifact,
            final TrainingMetrics metrics,
            final boolean rollback) {
        ensureTopic();
        final long version = latestVersion(modelName) + 1;
        final ModelVersion record = ModelVersion.newBuilder()
                .setName(modelName)
                .setVersion(version)
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setFormat(ModelArtifact.FORMAT)
                .setPayload(ByteBuffer.wrap(artifact.payload()))
                .setSha256(artifact.sha256())
                .setSignature(artifact.signature())
                .setMetrics(ModelMetrics.newBuilder()
                        .setTestAccuracy(metrics.testAccuracy())
                        .setTestLoss(metrics.testLoss())
                        .setEpochs(metrics.epochs())
                        .setTrainSeconds(metrics.trainSeconds())
                        .build())
                .setHyperparameters(metrics.hyperparameters())
                .setInputSpec(ImageSequences.inputSpec())
                .setRollback(rollback)
                .build();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
            final RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, modelName, SERDE.encode(record)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info(
                    "Published {} version {}{} to {}-{} at offset {}",
                    modelName,
                    version,
                    rollback ? " (rollback)" : "",
                    metadata.topic(),
                    metadata.partition(),
                    metadata.offset());
            return version;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
            throw kafkaFailure("publish to topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainerException("Interrupted while publishing to " + topic, e);
        }
    }

    private long versionOf(final ConsumerRecord<String, byte[]> record) {
        try {
            return SERDE.decode(record.value()).getVersion();
        } catch (RecordDecodingException e) {
            LOG.warn(
                    "Skipping undecodable record at {}-{} offset {}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return 0;
        }
    }

    private static boolean reachedEnd(final KafkaConsumer<?, ?> consumer, final Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private TrainerException kafkaFailure(final String action, final Exception e) {
        final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof java.util.concurrent.TimeoutException) {
            return new TrainerException(
                    "Cannot " + action + ": no answer from Kafka at " + bootstrapServers + " within "
                            + timeout.toSeconds() + " s",
                    e);
        }
        return new TrainerException(
                "Cannot " + action + " at " + bootstrapServers + ": "
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                e);
    }

    private Properties common() {
        final Properties config = new Properties();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "digitstream-trainer");
        // Short timeouts: a CLI must fail in bounded time when the broker is unreachable, not retry for minutes.
        final int requestTimeout = (int) Math.min(timeout.toMillis(), 10_000);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(requestTimeout));
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        return config;
    }

    private Properties adminConfig() {
        final Properties config = common();
        config.put(AdminClientConfig.RETRIES_CONFIG, "3");
        return config;
    }

    private Properties consumerConfig() {
        final Properties config = common();
        // No group: the topic is read whole by assignment, and no offsets are committed.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(Topics.MODELS_MAX_MESSAGE_BYTES));
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(4 * Topics.MODELS_MAX_MESSAGE_BYTES));
        return config;
    }

    private Properties producerConfig() {
        final Properties config = common();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // The default request limit of 1 MiB is too close to a model's size; match the topic's limit.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MODELS_MAX_MESSAGE_BYTES));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        config.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Long.toString(timeout.toMillis() + Math.min(timeout.toMillis(), 10_000)));
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return config;
    }
}
