package dev.digitstream.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for one generated Avro record type, using Avro's single-object encoding
 * ({@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the writer schema, then the binary body).
 * No schema registry is needed: the decoder knows every released version of the schema (see
 * {@link SchemaHistory}) and resolves older records to the current class.
 *
 * <p>Decoding failures raise {@link RecordDecodingException} with a reason. Instances are
 * thread-safe (Avro's encoder and decoder keep per-thread buffers).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(final Schema schema) {
        this.schema = schema;
        final SpecificData model = SpecificData.getForSchema(schema);
        final SchemaStore.Cache releasedVersions = new SchemaStore.Cache();
        SchemaHistory.earlierVersionsOf(schema.getFullName()).forEach(releasedVersions::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, releasedVersions);
    }

    /** A serde for the generated record class, e.g. {@code AvroSerde.of(DigitImage.class)}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(final Class<T> recordClass) {
        return new AvroSerde<>(SpecificData.get().getSchema(recordClass));
    }

    /** The current (writer and reader) schema. */
    public Schema schema() {
        return schema;
    }

    public byte[] encode(final T record) {
        try {
            final ByteBuffer buffer = encoder.encode(record);
            final byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes single-object encoded bytes, resolving older schema versions to the current one. */
    public T decode(final byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new RecordDecodingException(
                    DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED,
                    "Not an Avro single-object encoded " + schema.getName() + ": " + e.getMessage(),
                    e);
        } catch (MissingSchemaException e) {
            throw new RecordDecodingException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "Unknown schema for " + schema.getName() + ": " + e.getMessage(),
                    e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new RecordDecodingException(
                    DeadLetterReason.CORRUPT_RECORD, "Corrupt " + schema.getName() + " body: " + e, e);
        }
    }

    @Override
    public byte[] serialize(final String topic, final T record) {
        return record == null ? null : encode(record);
    }

    @Override
    public T deserialize(final String topic, final byte[] bytes) {
        return bytes == null ? null : decode(bytes);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        // Nothing to configure: the record class fixes the schema.
    }

    @Override
    public void close() {
        // Nothing to release; the serde is shared and stateless apart from Avro's thread-local buffers.
    }
}
