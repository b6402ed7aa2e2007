package dev.digitstream.streamer;

import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DigitPrediction;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
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
 * </pre>
 */
final class DigitTopology {

    static final String MODELS_STORE = "models";
    static final String BUFFER_STORE = "image-buffer";

    private DigitTopology() {
    }

    static Topology build(final StreamerProperties properties, final ModelRegistry registry,
                          final StreamerMetrics metrics) {
        final StreamsBuilder builder = new StreamsBuilder();
        build(builder, properties, registry, metrics);
        return builder.build();
    }

    /** Adds the topology to the builder; returns the stream of outcomes (predictions and dead letters). */
    static KStream<String, SpecificRecord> build(final StreamsBuilder builder, final StreamerProperties properties,
                                                 final ModelRegistry registry, final StreamerMetrics metrics) {
        final StreamerProperties.TopicSettings topics = properties.topics();

        // In memory on purpose: global stores restored with a processor are reprocessed from the
        // checkpoint, and an in-memory store has none, so every start re-reads every model version.
        final StoreBuilder<KeyValueStore<String, byte[]>> models = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
        builder.addGlobalStore(models, topics.models(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("models"),
                () -> new ModelUpdateProcessor(MODELS_STORE, registry));

        // Logging on (the changelog is what survives a crash), caching off (entries are read back and
        // deleted within the same task, and the changelog must see every write before the commit).
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(BUFFER_STORE), Serdes.Long(), new BufferedImage.BufferedImageSerde())
                .withLoggingEnabled(Map.of())
                .withCachingDisabled());

        final InferenceLoad load = new InferenceLoad(properties.inferenceThreads(), System::nanoTime);
        metrics.inferenceLoad(load);
        final KStream<String, SpecificRecord> outcomes = builder
                .stream(topics.in(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("images"))
                .process(() -> new BatchClassifier(BUFFER_STORE, properties.batch(), registry, metrics, load),
                        Named.as("classify"), BUFFER_STORE);

        outcomes.split(Named.as("outcome-"))
                .branch((key, value) -> value instanceof DigitPrediction,
                        Branched.<String, SpecificRecord>withConsumer(predictions -> predictions
                                .mapValues(value -> (DigitPrediction) value, Named.as("as-prediction"))
                                .to(topics.predicted(), Produced.with(Serdes.String(), AvroSerde.of(DigitPrediction.class))
                                        .withName("predictions-sink"))).withName("prediction"))
                .defaultBranch(Branched.<String, SpecificRecord>withConsumer(deadLetters -> deadLetters
                        .mapValues(value -> (DeadLetter) value, Named.as("as-dead-letter"))
                        .to(topics.deadLetter(), Produced.with(Serdes.String(), AvroSerde.of(DeadLetter.class))
                                .withName("dead-letters-sink"))).withName("dead-letter"));
        return outcomes;
    }
}
