package dev.digitstream.trainer;

import dev.digitstream.cli.KafkaClientSettings;
import dev.digitstream.model.ImageSequences;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.schemas.ModelCatalog;
import dev.digitstream.schemas.ModelMetrics;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.ModelsTopic;
import dev.digitstream.schemas.RolloutDecision;
import dev.digitstream.schemas.Topics;
import dev.digitstream.schemas.Verdict;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes model versions to the compacted models topic: creates the topic when missing, reads the
 * topic (the latest version of the model name, its rollout state) and appends version N+1 under its
 * own key ({@code <name>/v<N>}), so that compaction never erases one version by publishing another.
 *
 * <p>Versions are numbered by reading then writing, so two publishers racing on the same name could
 * both write N+1; publishing is a deliberate, one-at-a-time operator action.
 */
final class ModelPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

    private final KafkaClientSettings kafka;
    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;
    private final ModelsTopic models;

    ModelPublisher(final KafkaClientSettings kafka, final String topic, final Duration timeout) {
        this.kafka = kafka;
        this.bootstrapServers = kafka.bootstrapServers();
        this.topic = topic;
        this.timeout = timeout;
        final Map<String, Object> client = kafka.clientConfig();
        client.put(CommonClientConfigs.CLIENT_ID_CONFIG, "digitstream-trainer");
        this.models = new ModelsTopic(client, topic, timeout);
    }

    /** How a version is published: its stage, whether it is a rollback, and how many artifacts to keep. */
    record Publication(Stage stage, boolean rollback, int keepVersions) {

        Publication {
            if (keepVersions < 1) {
                throw new TrainerException("--keep-versions must be >= 1, got " + keepVersions);
            }
        }

        boolean servesAtOnce() {
            return stage == Stage.SERVING || rollback;
        }
    }

    /** Where a published version starts. */
    enum Stage {
        /** Compared with the serving version on live traffic until the streamers' judge or an operator decides. */
        CANDIDATE,
        /** Serves at once on every instance. */
        SERVING
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

    /** The highest version ever recorded under this model name, or 0 when there is none. */
    long latestVersion(final String modelName) {
        return catalog().latestVersion(modelName);
    }

    /**
     * Publishes the artifact as the next version of the model name, under its own key, and waits for the
     * acknowledgement. As a {@link Stage#CANDIDATE} the streamers compare it with the serving version on
     * live traffic before it serves; {@link Stage#SERVING} also writes the rollout record that serves it
     * at once, and a rollback does the same for an older model; the artifact then says so ({@code
     * servesAtOnce}), so that streamers swap to it once instead of making it the candidate until the
     * rollout record follows. Then deletes (with tombstones) all but the newest {@code keepVersions}
     * artifacts, never the serving version or the candidate.
     */
    long publish(
            final String modelName,
            final ModelArtifact artifact,
            final TrainingMetrics metrics,
            final Publication publication) {
        try (ModelsTopic.Writer writer = prepare()) {
            return publish(modelName, artifact, metrics, publication, writer);
        }
    }

    /**
     * Creates the topic unless it exists and opens its writer, connected: a publication that must land at
     * a given moment prepares this way ahead, and then {@link #publish(String, ModelArtifact,
     * TrainingMetrics, Publication, ModelsTopic.Writer)} only reads the topic and sends. Close it after.
     */
    ModelsTopic.Writer prepare() {
        ensureTopic();
        try {
            return models.writer();
        } catch (ModelsTopic.Failure e) {
            throw new TrainerException(e.getMessage(), e);
        }
    }

    /** As {@link #publish(String, ModelArtifact, TrainingMetrics, Publication)}, through a prepared writer. */
    long publish(
            final String modelName,
            final ModelArtifact artifact,
            final TrainingMetrics metrics,
            final Publication publication,
            final ModelsTopic.Writer writer) {
        final ModelCatalog catalog = catalog();
        final long version = catalog.latestVersion(modelName) + 1;
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
                .setRollback(publication.rollback())
                .setServesAtOnce(publication.servesAtOnce())
                .build();
        final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        final ProducerRecord<String, byte[]> artifactRecord = models.artifact(record);
        records.add(artifactRecord);
        catalog.add(artifactRecord.key(), artifactRecord.value());
        if (publication.servesAtOnce()) {
            final ModelRollout state = servedAtOnce(catalog, modelName, version, publication.rollback());
            final ProducerRecord<String, byte[]> rolloutRecord = models.rollout(state);
            records.add(rolloutRecord);
            catalog.add(rolloutRecord.key(), rolloutRecord.value());
        }
        final List<String> retired = catalog.keysBeyond(modelName, publication.keepVersions());
        retired.forEach(key -> records.add(models.tombstone(key)));
        final long offset = append(writer, records);
        LOG.info(
                "Published {} version {} ({}) to {} at offset {}{}",
                modelName,
                version,
                publication.rollback()
                        ? "rollback, serving"
                        : publication.stage().name().toLowerCase(Locale.ROOT),
                topic,
                offset,
                retired.isEmpty() ? "" : "; deleted " + String.join(", ", retired));
        return version;
    }

    /** The next rollout state when the version serves at once: published to serving, or a rollback. */
    private static ModelRollout servedAtOnce(
            final ModelCatalog catalog, final String modelName, final long version, final boolean rollback) {
        final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        final long serving = catalog.serving(modelName);
        final ModelRollout current = catalog.rollout(modelName)
                .orElseGet(() -> ModelRollouts.initial(modelName, serving == version ? 0 : serving, now));
        final RolloutDecision decision = ModelRollouts.operatorDecision(
                version,
                rollback ? Verdict.ROLLED_BACK : Verdict.SERVED_DIRECTLY,
                current.getServing(),
                rollback ? "published as a rollback" : "published straight to serving",
                now);
        return ModelRollouts.promote(current, decision);
    }

    private ModelCatalog catalog() {
        try {
            return models.read();
        } catch (ModelsTopic.Failure e) {
            throw new TrainerException(e.getMessage(), e);
        }
    }

    private long append(final ModelsTopic.Writer writer, final List<ProducerRecord<String, byte[]>> records) {
        try {
            return writer.append(records);
        } catch (ModelsTopic.Failure e) {
            throw new TrainerException(e.getMessage(), e);
        }
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
        config.putAll(kafka.clientConfig());
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
}
