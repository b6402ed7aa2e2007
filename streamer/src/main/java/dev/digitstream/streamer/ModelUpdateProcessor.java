package dev.digitstream.streamer;

import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.RecordDecodingException;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The global-store processor of the models topic: keeps the latest record per key in the global store
 * and hands each one to the {@link ModelRegistry}: artifacts ({@code <name>/v<version>}, or a bare name
 * as published before rollouts) to {@link ModelRegistry#offer}, rollout states ({@code <name>/rollout})
 * to {@link ModelRegistry#apply}, which may need an earlier artifact back from the store. It runs on
 * every instance, for every record, also while the store is restored at start-up (Kafka Streams
 * reprocesses global stores added with a processor, and the store is in-memory so there is no
 * checkpoint to skip from).
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {

    private static final AvroSerde<ModelVersion> VERSIONS = AvroSerde.of(ModelVersion.class);
    private static final AvroSerde<ModelRollout> ROLLOUTS = AvroSerde.of(ModelRollout.class);

    private final String storeName;
    private final ModelRegistry registry;
    private KeyValueStore<String, byte[]> store;

    ModelUpdateProcessor(final String storeName, final ModelRegistry registry) {
        this.storeName = storeName;
        this.registry = registry;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        store.put(record.key(), record.value());
        final Optional<ModelKeys.Key> key = ModelKeys.parse(record.key());
        if (key.isEmpty() || !key.get().name().equals(registry.modelName())) {
            return;
        }
        try {
            if (key.get().isArtifact()) {
                registry.offer(VERSIONS.decode(record.value()));
            } else {
                registry.apply(ROLLOUTS.decode(record.value()), this::storedArtifact);
            }
        } catch (RecordDecodingException e) {
            registry.refuse(key.get().version() == 0 ? -1 : key.get().version(), "UNDECODABLE", e.getMessage());
        }
    }

    /** An artifact of the served model from the store: under its own key, or under the bare name (legacy). */
    private Optional<ModelVersion> storedArtifact(final long version) {
        final String name = registry.modelName();
        for (final String key : new String[] {ModelKeys.artifactKey(name, version), name}) {
            final byte[] bytes = store.get(key);
            if (bytes != null) {
                try {
                    final ModelVersion stored = VERSIONS.decode(bytes);
                    if (stored.getVersion() == version) {
                        return Optional.of(stored);
                    }
                } catch (RecordDecodingException e) {
                    // Refused when it arrived; nothing to load.
                }
            }
        }
        return Optional.empty();
    }
}
