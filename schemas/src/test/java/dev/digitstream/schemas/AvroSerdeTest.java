package dev.digitstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void shouldRoundTripDigitImage() {
        final DigitImage image = DigitImage.newBuilder()
                .setId("img-1")
                .setPixels(ByteBuffer.wrap(pixels()))
                .setLabel(7)
                .setCreatedAt(NOW)
                .build();

        assertRoundTrip(DigitImage.class, image);
    }

    @Test
    void shouldRoundTripDigitPrediction() {
        final DigitPrediction prediction = DigitPrediction.newBuilder()
                .setId("img-1")
                .setDigit(7)
                .setConfidence(0.9f)
                .setProbabilities(List.of(0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.9f, 0.02f, 0.01f))
                .setModelName("mnist-lstm")
                .setModelVersion(3)
                .setLabel(7)
                .setCreatedAt(NOW)
                .setPredictedAt(NOW.plusMillis(4))
                .build();

        assertRoundTrip(DigitPrediction.class, prediction);
    }

    @Test
    void shouldRoundTripModelVersion() {
        final ModelVersion version =
                modelVersion(2).setSignature(null).setRollback(true).build();

        assertRoundTrip(ModelVersion.class, version);
    }

    @Test
    void shouldRoundTripDeadLetter() {
        final DeadLetter deadLetter = DeadLetter.newBuilder()
                .setReason(DeadLetterReason.BAD_PIXEL_COUNT)
                .setMessage("783 pixels")
                .setSourceTopic(Topics.IMAGES)
                .setSourcePartition(3)
                .setSourceOffset(42L)
                .setOriginalBytes(ByteBuffer.wrap(new byte[] {9, 9}))
                .setAt(NOW)
                .build();

        assertRoundTrip(DeadLetter.class, deadLetter);
    }

    @Test
    void shouldDecodeRecordWrittenWithOlderSchemaVersion() throws IOException {
        final Schema older = parse("dev/digitstream/schemas/history/DigitImage-v0.avsc");
        final GenericRecord old = new GenericData.Record(older);
        old.put("id", "old-1");
        old.put("pixels", ByteBuffer.wrap(pixels()));
        old.put("createdAt", NOW.toEpochMilli());
        final byte[] bytes =
                AvroBytes.toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old));

        final DigitImage decoded = AvroSerde.of(DigitImage.class).deserialize(Topics.IMAGES, bytes);

        assertThat(decoded.getId()).isEqualTo("old-1");
        assertThat(decoded.getPixels()).isEqualTo(ByteBuffer.wrap(pixels()));
        assertThat(decoded.getWidth()).isEqualTo(28);
        assertThat(decoded.getHeight()).isEqualTo(28);
        assertThat(decoded.getLabel()).isNull();
        assertThat(decoded.getCreatedAt()).isEqualTo(NOW);
    }

    @Test
    void shouldDecodeAModelVersionWrittenBeforeServesAtOnceAsACandidateWhenItIsNoRollback() throws IOException {
        final Schema released = parse("dev/digitstream/schemas/history/ModelVersion-v1.avsc");
        final ModelVersion version = modelVersion(7).setServesAtOnce(true).build();
        // The released schema has the current one's fields up to rollback, in the same positions.
        final byte[] bytes =
                AvroBytes.toArray(new BinaryMessageEncoder<ModelVersion>(SpecificData.get(), released).encode(version));

        final ModelVersion decoded = AvroSerde.of(ModelVersion.class).decode(bytes);

        assertThat(released.getField("servesAtOnce")).isNull();
        assertThat(decoded.getVersion()).isEqualTo(7L);
        assertThat(decoded.getServesAtOnce()).isFalse();
        assertThat(decoded.getRollback()).isFalse();
    }

    @Test
    void shouldRaiseUnknownSchemaWhenFingerprintIsNotReleased() {
        final byte[] bytes = AvroSerde.of(DigitImage.class)
                .encode(DigitImage.newBuilder()
                        .setId("x")
                        .setPixels(ByteBuffer.wrap(pixels()))
                        .setCreatedAt(NOW)
                        .build());
        bytes[5] ^= 0x5A; // inside the 8-byte fingerprint that follows the C3 01 marker

        assertThatThrownBy(() -> AvroSerde.of(DigitImage.class).deserialize(Topics.IMAGES, bytes))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA));
    }

    @Test
    void shouldRaiseNotSingleObjectEncodedForRandomBytes() {
        final byte[] garbage = new byte[100];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x12; // random bytes that happen to start with C3 01 would be read as a header

        assertThatThrownBy(() -> AvroSerde.of(DigitImage.class).deserialize(Topics.IMAGES, garbage))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED));
    }

    @Test
    void shouldRaiseCorruptRecordWhenBodyIsTruncated() {
        final byte[] bytes = AvroSerde.of(DigitImage.class)
                .encode(DigitImage.newBuilder()
                        .setId("x")
                        .setPixels(ByteBuffer.wrap(pixels()))
                        .setCreatedAt(NOW)
                        .build());
        final byte[] truncated = java.util.Arrays.copyOf(bytes, 30);

        assertThatThrownBy(() -> AvroSerde.of(DigitImage.class).deserialize(Topics.IMAGES, truncated))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.CORRUPT_RECORD));
    }

    @Test
    void shouldPassNullThroughForTombstones() {
        final AvroSerde<ModelVersion> serde = AvroSerde.of(ModelVersion.class);

        assertThat(serde.serialize(Topics.MODELS, null)).isNull();
        assertThat(serde.deserialize(Topics.MODELS, null)).isNull();
    }

    private static <T extends SpecificRecord> void assertRoundTrip(final Class<T> type, final T record) {
        final AvroSerde<T> serde = AvroSerde.of(type);

        final byte[] bytes = serde.serialize("any-topic", record);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.deserialize("any-topic", bytes)).isEqualTo(record);
    }

    /** A model version with every required field set; the tests set what they are about. */
    private static ModelVersion.Builder modelVersion(final long number) {
        return ModelVersion.newBuilder()
                .setName("mnist-lstm")
                .setVersion(number)
                .setCreatedAt(NOW)
                .setFormat("dl4j-multilayer-zip/1")
                .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setSha256("abc")
                .setMetrics(new ModelMetrics(0.99, 0.03, 10, 600.0))
                .setHyperparameters(Map.of("updater", "adadelta"))
                .setInputSpec(new InputSpec(28, 28, "column", 0.5, 0.5));
    }

    private static byte[] pixels() {
        final byte[] pixels = new byte[784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i % 256);
        }
        return pixels;
    }

    private static Schema parse(final String resource) throws IOException {
        try (InputStream in = AvroSerdeTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }
}
