package dev.digitstream.schemas;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics every component agrees on: their default names and how each one is created. Every
 * creator (the streamer, the trainer's publisher, the local broker, the bench) builds its
 * {@link NewTopic}s here, so a topic's shape is written once. Names can be overridden by configuration.
 */
public final class Topics {

    /** Input images, {@link DigitImage} values keyed by image id. */
    public static final String IMAGES = "digits.in";

    /** Predictions, {@link DigitPrediction} values keyed by image id. */
    public static final String PREDICTIONS = "digits.predicted";

    /** Model versions, {@link ModelVersion} values; compacted, one partition. */
    public static final String MODELS = "digits.models";

    /** Rejected input, {@link DeadLetter} values keyed by the original key. */
    public static final String DEAD_LETTERS = "digits.dead-letter";

    /**
     * Candidates' scores against the serving version, {@link CandidateScore} values keyed by
     * {@code <name>/v<candidate>/v<serving>}; one partition, so one judge adds up the whole cluster's.
     */
    public static final String ROLLOUT = "digits.rollout";

    /** Scores only matter until their candidate is decided: a day is plenty. */
    static final long ROLLOUT_RETENTION_MS = 24L * 60 * 60 * 1000;

    /** Partitions of the input, prediction and dead-letter topics when a component creates them. */
    public static final int DEFAULT_PARTITIONS = 4;

    /**
     * Record size limit of the models topic (and of brokers that host it). A model is ~0.5 MB (DESIGN.md
     * asks for at least 4 MiB); 8 MiB leaves room for a larger network without the broker-wide default of
     * 1 MiB rejecting it. docker-compose.yml repeats it as 8388608, since YAML cannot import it.
     */
    public static final int MODELS_MAX_MESSAGE_BYTES = 8 << 20;

    private Topics() {}

    /**
     * How every reader of the models topic reads it. A publication appends its records (an artifact, and
     * the rollout state that serves it) in one transaction, so that a publisher that dies between them
     * leaves neither: readers see committed records only.
     */
    public static final String MODELS_ISOLATION_LEVEL = "read_committed";

    /**
     * The transactional id of the models topic's publishers (the trainer and {@code digits models}): one
     * per topic, so that a publisher aborts a transaction a dead one left open when it starts, instead of
     * readers waiting for the transaction's timeout, and two publishers running at once fence each other.
     */
    public static String publisherTransactionalId(final String modelsTopic) {
        return "digitstream-publisher." + modelsTopic;
    }

    /** A partitioned topic of records keyed by image id (input, predictions, dead letters). */
    public static NewTopic partitioned(final String name, final int partitions, final short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor);
    }

    /**
     * The models topic: one partition, so every reader sees versions and decisions in one order, and
     * compacted, so only the latest record per key is kept.
     */
    public static NewTopic models(final String name, final short replicationFactor) {
        return new NewTopic(name, 1, replicationFactor)
                .configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        Integer.toString(MODELS_MAX_MESSAGE_BYTES)));
    }

    /** The rollout topic: one partition (one judge), scores kept a day. */
    public static NewTopic rollout(final String name, final short replicationFactor) {
        return new NewTopic(name, 1, replicationFactor)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(ROLLOUT_RETENTION_MS)));
    }

    /** Every topic of the system under the given names, as the streamer creates them. */
    public static List<NewTopic> all(final Names names, final int partitions, final short replicationFactor) {
        return List.of(
                partitioned(names.images(), partitions, replicationFactor),
                partitioned(names.predictions(), partitions, replicationFactor),
                partitioned(names.deadLetters(), partitions, replicationFactor),
                models(names.models(), replicationFactor),
                rollout(names.rollout(), replicationFactor));
    }

    /** The names of the topics, for components that let them be overridden. */
    public record Names(String images, String predictions, String models, String deadLetters, String rollout) {

        /** The default names. */
        /** The five names, in the order of the record. */
        public List<String> all() {
            return List.of(images, predictions, models, deadLetters, rollout);
        }

        public static Names defaults() {
            return new Names(IMAGES, PREDICTIONS, MODELS, DEAD_LETTERS, ROLLOUT);
        }
    }
}
