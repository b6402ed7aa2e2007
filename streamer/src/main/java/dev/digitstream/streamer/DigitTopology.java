package dev.digitstream.streamer;

import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.ModelRollout;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The streamer's topology, a plain function of its settings, the model registry and the metrics, so
 * that tests build it without Spring:
 * <pre>
 *   models topic --(global store "models", every instance)--> ModelUpdateProcessor --> ModelRegistry
 *   input topic --> BatchClassifier (buffer store "image-buffer") --+--> predictions topic
 *                                                                   +--> dead-letter topic
 *                                                                   +--> rollout topic (candidate scores)
 *                                                                   (any other output kind: fails loudly)
 *   rollout topic --> RolloutJudge (store "rollout-tallies") --> models topic (rollout state)
 * </pre>
 */
final class DigitTopology {

    static final String MODELS_STORE = "models";
    static final String BUFFER_STORE = "image-buffer";
    static final String TALLY_STORE = "rollout-tallies";

    private DigitTopology() {}

    static Topology build(
            final StreamerProperties properties,
            final ModelRegistry registry,
            final StreamerMetrics metrics,
            final OnlineAccuracy accuracy) {
        final StreamsBuilder builder = new StreamsBuilder();
        build(builder, properties, registry, metrics, accuracy);
        return builder.build();
    }

    /** Adds the topology to the builder; returns the stream of the classifier's outputs. */
    static KStream<String, ClassifierOutput> build(
            final StreamsBuilder builder,
            final StreamerProperties properties,
            final ModelRegistry registry,
            final StreamerMetrics metrics,
            final OnlineAccuracy accuracy) {
        final StreamerProperties.TopicSettings topics = properties.topics();

        // In memory on purpose: global stores restored with a processor are reprocessed from the
        // checkpoint, and an in-memory store has none, so every start re-reads every model version.
        final StoreBuilder<KeyValueStore<String, byte[]>> models = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
        builder.addGlobalStore(
                models,
                topics.models(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("models"),
                () -> new ModelUpdateProcessor(MODELS_STORE, registry));

        // Logging on (the changelog is what survives a crash), caching off (entries are read back and
        // deleted within the same task, and the changelog must see every write before the commit).
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(BUFFER_STORE),
                        Serdes.Long(),
                        new BufferedImage.BufferedImageSerde())
                .withLoggingEnabled(Map.of())
                .withCachingDisabled());

        final InferenceLoad load = new InferenceLoad(properties.inferenceThreads(), System::nanoTime);
        metrics.inferenceLoad(load);
        metrics.onlineAccuracy(accuracy, registry);
        final KStream<String, ClassifierOutput> outputs = builder.stream(
                        topics.in(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("images"))
                .process(
                        () -> new BatchClassifier(
                                BUFFER_STORE,
                                properties.batch(),
                                properties.rollout(),
                                registry,
                                metrics,
                                load,
                                accuracy),
                        Named.as("classify"),
                        BUFFER_STORE);

        outputs.split(Named.as("output-"))
                .branch(
                        (key, value) -> value instanceof ClassifierOutput.Prediction,
                        Branched.<String, ClassifierOutput>withConsumer(predictions -> predictions
                                        .mapValues(
                                                value -> ((ClassifierOutput.Prediction) value).value(),
                                                Named.as("as-prediction"))
                                        .to(
                                                topics.predicted(),
                                                Produced.with(Serdes.String(), AvroSerde.of(DigitPrediction.class))
                                                        .withName("predictions-sink")))
                                .withName("prediction"))
                .branch(
                        (key, value) -> value instanceof ClassifierOutput.DeadLettered,
                        Branched.<String, ClassifierOutput>withConsumer(deadLetters -> deadLetters
                                        .mapValues(
                                                value -> ((ClassifierOutput.DeadLettered) value).value(),
                                                Named.as("as-dead-letter"))
                                        .to(
                                                topics.deadLetter(),
                                                Produced.with(Serdes.String(), AvroSerde.of(DeadLetter.class))
                                                        .withName("dead-letters-sink")))
                                .withName("dead-letter"))
                .branch(
                        (key, value) -> value instanceof ClassifierOutput.Score,
                        Branched.<String, ClassifierOutput>withConsumer(scores -> scores.mapValues(
                                                value -> ((ClassifierOutput.Score) value).value(), Named.as("as-score"))
                                        .to(
                                                topics.rollout(),
                                                Produced.with(Serdes.String(), AvroSerde.of(CandidateScore.class))
                                                        .withName("scores-sink")))
                                .withName("score"))
                .defaultBranch(Branched.<String, ClassifierOutput>withConsumer(
                                unrouted -> unrouted.foreach(DigitTopology::failUnrouted, Named.as("unrouted")))
                        .withName("unrouted"));

        if (properties.rollout().judge()) {
            addJudge(builder, properties, registry, metrics);
        }
        return outputs;
    }

    private static void addJudge(
            final StreamsBuilder builder,
            final StreamerProperties properties,
            final ModelRegistry registry,
            final StreamerMetrics metrics) {
        final StreamerProperties.TopicSettings topics = properties.topics();
        // The judge: one partition, so one task in the cluster adds up every instance's scores; its totals
        // survive a restart in a changelogged store; its decisions go to the models topic, where every
        // instance reads them as it reads versions.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(TALLY_STORE), Serdes.String(), AvroSerde.of(CandidateScore.class))
                .withLoggingEnabled(Map.of())
                .withCachingDisabled());
        builder.stream(
                        topics.rollout(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("scores"))
                .process(
                        () -> new RolloutJudge(TALLY_STORE, registry, RolloutPolicy.of(properties.rollout()), metrics),
                        Named.as("judge"),
                        TALLY_STORE)
                .to(
                        topics.models(),
                        Produced.with(Serdes.String(), AvroSerde.of(ModelRollout.class))
                                .withName("decisions-sink"));
    }

    /** A new {@link ClassifierOutput} kind without a branch above: stop the stream thread rather than lose it. */
    private static void failUnrouted(final String key, final ClassifierOutput output) {
        throw new IllegalStateException("No sink for classifier output "
                + output.getClass().getSimpleName() + " (key " + key + "): route it in DigitTopology");
    }
}
