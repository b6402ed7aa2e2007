package dev.digitstream.streamer;

import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The streamer's own settings ({@code digitstream.*}); Kafka's come from Spring Boot's {@code spring.kafka.*}.
 *
 * @param applicationId       Kafka Streams application id, unless {@code spring.kafka.streams.application-id} is set
 * @param modelName           the model (key on the models topic) this streamer serves
 * @param signingKey          HMAC key models must be signed with; empty means signatures are not checked
 * @param processingGuarantee {@code at_least_once} or {@code exactly_once_v2}
 * @param inferenceThreads    stream threads, each classifying with its own copy of the network
 * @param topics              topic names and how to create them
 * @param batch               micro-batch limits
 */
@ConfigurationProperties("digitstream")
record StreamerProperties(
        @DefaultValue("digitstream-streamer") String applicationId,
        @DefaultValue(ModelKeys.DEFAULT_MODEL_NAME) String modelName,
        @DefaultValue("") String signingKey,
        @DefaultValue("at_least_once") String processingGuarantee,
        @DefaultValue("2") int inferenceThreads,
        @DefaultValue TopicSettings topics,
        @DefaultValue Batch batch) {

    StreamerProperties {
        if (inferenceThreads < 1) {
            throw new IllegalArgumentException("digitstream.inference-threads must be >= 1, got " + inferenceThreads);
        }
    }

    /**
     * Defaults for code that runs without a Spring context (tests, benchmarks): bound from nothing, so
     * they are exactly the {@code @DefaultValue}s above, written once.
     */
    static StreamerProperties defaults() {
        return new Binder(List.of()).bindOrCreate("digitstream", StreamerProperties.class);
    }

    StreamerProperties withBatch(final Batch newBatch) {
        return new StreamerProperties(applicationId, modelName, signingKey, processingGuarantee, inferenceThreads,
                topics, newBatch);
    }

    StreamerProperties withSigningKey(final String key) {
        return new StreamerProperties(applicationId, modelName, key, processingGuarantee, inferenceThreads,
                topics, batch);
    }

    /**
     * @param in                 input images
     * @param predicted          predictions
     * @param models             model versions (compacted, one partition)
     * @param deadLetter         rejected input
     * @param partitions         partitions of the input, prediction and dead-letter topics when the streamer creates them
     * @param replicationFactor  replication factor of the topics the streamer creates
     * @param create             whether to create missing topics at start-up
     */
    record TopicSettings(
            @DefaultValue(Topics.IMAGES) String in,
            @DefaultValue(Topics.PREDICTIONS) String predicted,
            @DefaultValue(Topics.MODELS) String models,
            @DefaultValue(Topics.DEAD_LETTERS) String deadLetter,
            @DefaultValue("" + Topics.DEFAULT_PARTITIONS) int partitions,
            @DefaultValue("1") short replicationFactor,
            @DefaultValue("true") boolean create) {

        Topics.Names names() {
            return new Topics.Names(in, predicted, models, deadLetter);
        }
    }

    /**
     * @param maxSize          classify as soon as this many images are buffered in a task
     * @param maxWait          classify when the oldest buffered image has waited this long
     * @param adaptiveWait     scale the wait by how busy the stream threads are classifying: from no wait
     *                         when idle to {@code maxWait} when saturated (see {@link InferenceLoad})
     * @param punctuateEvery   how often the wall-clock punctuator checks the wait
     */
    record Batch(
            @DefaultValue("256") int maxSize,
            @DefaultValue("5ms") Duration maxWait,
            @DefaultValue("true") boolean adaptiveWait,
            @DefaultValue("1ms") Duration punctuateEvery) {

        Batch {
            if (maxSize < 1) {
                throw new IllegalArgumentException("digitstream.batch.max-size must be >= 1, got " + maxSize);
            }
            if (maxWait.isNegative() || punctuateEvery.isNegative() || punctuateEvery.isZero()) {
                throw new IllegalArgumentException("digitstream.batch.max-wait must be >= 0 and punctuate-every > 0");
            }
        }
    }
}
