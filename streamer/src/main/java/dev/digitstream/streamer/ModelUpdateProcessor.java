package dev.digitstream.streamer;

import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.RecordDecodingException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The global-store processor of the models topic: keeps the latest record per model name in the
 * global store and offers each version to the {@link ModelRegistry}. It runs on every instance, for
 * every record, also while the store is restored at start-up (Kafka Streams reprocesses global
 * stores added with a processor, and the store is in-memory so there is no checkpoint to skip from).
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {

    private static final AvroSerde<ModelVersion> SERDE = AvroSerde.of(ModelVersion.class);

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
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        store.put(record.key(), record.value());
        final ModelVersion version;
        try {
            version = SERDE.decode(record.value());
        } catch (RecordDecodingException e) {
            registry.refuse(-1, "UNDECODABLE", e.getMessage());
            return;
        }
        registry.offer(version);
    }
}
