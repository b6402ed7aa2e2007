package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.digitstream.model.ModelArtifact;
import dev.digitstream.model.ModelSigner;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DeadLetter;
import dev.digitstream.schemas.DeadLetterReason;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.InputSpec;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DigitTopologyTest {

    private static final int MAX_BATCH = 4;
    private static final Duration MAX_WAIT = Duration.ofMillis(50);
    private static final Duration PUNCTUATE_EVERY = Duration.ofMillis(5);
    private static final String SIGNING_KEY = "test-signing-key";

    private static MultiLayerNetwork network;
    private static ModelVersion unsignedV1;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> images;
    private TestInputTopic<String, byte[]> models;
    private TestOutputTopic<String, DigitPrediction> predictions;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private ModelRegistry registry;
    private SimpleMeterRegistry meters;

    @BeforeAll
    static void buildModel() {
        network = TestModels.untrained();
        unsignedV1 = TestModels.version(network, 1, Optional.empty());
    }

    /** With a fixed batch wait, so that tests can tell when a partial batch goes. */
    private void start(final String signingKey) {
        start(signingKey, false);
    }

    private void start(final String signingKey, final boolean adaptiveWait) {
        start(signingKey, adaptiveWait, StreamerProperties.defaults().rollout());
    }

    private void start(final String signingKey, final boolean adaptiveWait, final StreamerProperties.Rollout rollout) {
        final StreamerProperties properties = StreamerProperties.defaults()
                .withBatch(new StreamerProperties.Batch(MAX_BATCH, MAX_WAIT, adaptiveWait, PUNCTUATE_EVERY))
                .withSigningKey(signingKey)
                .withRollout(rollout);
        meters = new SimpleMeterRegistry();
        final StreamerMetrics metrics = new StreamerMetrics(meters);
        registry = new ModelRegistry(
                properties.modelName(),
                rollout.mode(),
                ModelLoader.forSigningKey(properties.signingKey(), Clock.systemUTC()),
                metrics,
                Clock.systemUTC());
        final Properties config = new Properties();
        config.putAll(StreamsSettings.streamsConfig(
                properties, Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092")));
        driver = new TopologyTestDriver(
                DigitTopology.build(properties, registry, metrics, new OnlineAccuracy(rollout.window())), config);
        final StreamerProperties.TopicSettings topics = properties.topics();
        images = driver.createInputTopic(topics.in(), new StringSerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(topics.models(), new StringSerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(
                topics.predicted(), new StringDeserializer(), AvroSerde.of(DigitPrediction.class));
        deadLetters =
                driver.createOutputTopic(topics.deadLetter(), new StringDeserializer(), AvroSerde.of(DeadLetter.class));
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldPredictWithModelVersionWhenImagesAreValid() {
        start("");
        publish(unsignedV1);

        sendImages(0, MAX_BATCH);

        final List<KeyValue<String, DigitPrediction>> out = predictions.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly("img-0", "img-1", "img-2", "img-3");
        assertThat(out).allSatisfy(kv -> {
            final DigitPrediction p = kv.value;
            assertThat(p.getId()).isEqualTo(kv.key);
            assertThat(p.getModelName()).isEqualTo(TestModels.NAME);
            assertThat(p.getModelVersion()).isEqualTo(1L);
            assertThat(p.getProbabilities()).hasSize(10);
            assertThat(p.getProbabilities().stream()
                            .mapToDouble(Float::doubleValue)
                            .sum())
                    .isCloseTo(1.0, offset(1e-3));
            assertThat(p.getDigit()).isBetween(0, 9);
            assertThat(p.getConfidence()).isEqualTo(p.getProbabilities().get(p.getDigit()));
            assertThat(p.getPredictedAt()).isNotNull();
        });
        assertThat(out).extracting(kv -> kv.value.getLabel()).containsExactly(0, 1, 2, 3);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(meters.get("digitstream.predictions")
                        .tag("version", "1")
                        .counter()
                        .count())
                .isEqualTo(MAX_BATCH);
    }

    @Test
    void shouldHoldPartialBatchUntilMaxWaitPassesWhenFewerThanMaxSizeArrive() {
        start("");
        publish(unsignedV1);

        sendImages(0, MAX_BATCH - 1);
        assertThat(predictions.isEmpty()).isTrue();

        driver.advanceWallClockTime(MAX_WAIT);

        assertThat(keys(predictions.readKeyValuesToList())).containsExactly("img-0", "img-1", "img-2");
    }

    @Test
    void shouldNotClassifyAPartialBatchBeforeMaxWaitWhenTheWaitIsFixed() {
        start("");
        publish(unsignedV1);
        sendImages(0, MAX_BATCH - 1);

        driver.advanceWallClockTime(PUNCTUATE_EVERY);

        assertThat(predictions.isEmpty()).isTrue();
    }

    /** Nothing has been classified yet, so the stream threads are idle and an adaptive wait is zero. */
    @Test
    void shouldClassifyAPartialBatchAtTheNextPunctuationWhenTheWaitIsAdaptiveAndTheThreadsAreIdle() {
        start("", true);
        publish(unsignedV1);
        sendImages(0, MAX_BATCH - 1);
        assertThat(predictions.isEmpty()).isTrue();

        driver.advanceWallClockTime(PUNCTUATE_EVERY);

        assertThat(keys(predictions.readKeyValuesToList())).containsExactly("img-0", "img-1", "img-2");
        assertThat(meters.get("digitstream.inference.saturation").gauge().value())
                .isBetween(0.0, 1.0);
    }

    @Test
    void shouldHoldImagesWhenNoModelIsLoadedAndEmitAllOnceOneArrives() {
        start("");

        sendImages(0, 3 * MAX_BATCH + 1);
        driver.advanceWallClockTime(MAX_WAIT.multipliedBy(10));
        assertThat(predictions.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();

        publish(unsignedV1);
        driver.advanceWallClockTime(MAX_WAIT);

        assertThat(keys(predictions.readKeyValuesToList()))
                .containsExactlyElementsOf(IntStream.range(0, 3 * MAX_BATCH + 1)
                        .mapToObj(i -> "img-" + i)
                        .toList());
    }

    @Test
    void shouldEmitEveryHeldImageInOrderWhenBadRecordsLeaveGapsInTheBuffer() {
        start("");
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            if (i % 7 == 3) {
                images.pipeInput("bad-" + i, "not an image".getBytes());
            } else {
                sendImages(i, 1);
                expected.add("img-" + i);
            }
        }
        assertThat(predictions.isEmpty()).isTrue();

        publish(unsignedV1);
        driver.advanceWallClockTime(MAX_WAIT);

        assertThat(keys(predictions.readKeyValuesToList())).containsExactlyElementsOf(expected);
        assertThat(deadLetters.readValuesToList()).hasSize(50 - expected.size());
    }

    static Stream<Arguments> badInputs() {
        final byte[] valid = TestImages.encode(TestImages.image("bad", 1, 1));
        final byte[] unknownFingerprint = valid.clone();
        unknownFingerprint[2] ^= (byte) 0xFF;
        final byte[] truncated = Arrays.copyOf(valid, 20);
        return Stream.of(
                Arguments.of("not Avro at all", "hello".getBytes(), DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED),
                Arguments.of("no value", null, DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED),
                Arguments.of("unknown schema fingerprint", unknownFingerprint, DeadLetterReason.UNKNOWN_SCHEMA),
                Arguments.of("truncated body", truncated, DeadLetterReason.CORRUPT_RECORD),
                Arguments.of(
                        "100 pixels",
                        TestImages.encode(TestImages.image("bad", new byte[100], 28, 28, 1)),
                        DeadLetterReason.BAD_PIXEL_COUNT),
                Arguments.of(
                        "20x20 image",
                        TestImages.encode(TestImages.image("bad", new byte[784], 20, 20, 1)),
                        DeadLetterReason.BAD_DIMENSIONS),
                Arguments.of(
                        "label 12",
                        TestImages.encode(TestImages.image("bad", new byte[784], 28, 28, 12)),
                        DeadLetterReason.BAD_LABEL),
                Arguments.of(
                        "label -1",
                        TestImages.encode(TestImages.image("bad", new byte[784], 28, 28, -1)),
                        DeadLetterReason.BAD_LABEL),
                Arguments.of(
                        "empty id",
                        TestImages.encode(TestImages.image("", new byte[784], 28, 28, 1)),
                        DeadLetterReason.MISSING_ID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void shouldDeadLetterOnceWithReasonWhenInputIsBad(
            final String description, final byte[] value, final DeadLetterReason reason) {
        start("");
        publish(unsignedV1);
        sendImages(0, 1);

        images.pipeInput("bad", value);
        sendImages(1, MAX_BATCH);

        final List<KeyValue<String, DeadLetter>> out = deadLetters.readKeyValuesToList();
        assertThat(out).hasSize(1);
        final DeadLetter deadLetter = out.get(0).value;
        assertThat(out.get(0).key).isEqualTo("bad");
        assertThat(deadLetter.getReason()).isEqualTo(reason);
        assertThat(deadLetter.getMessage()).isNotBlank();
        assertThat(deadLetter.getSourceTopic()).isEqualTo("digits.in");
        assertThat(deadLetter.getSourcePartition()).isZero();
        assertThat(deadLetter.getSourceOffset()).isEqualTo(1L);
        assertThat(deadLetter.getOriginalBytes()).isEqualTo(value == null ? null : ByteBuffer.wrap(value));
        assertThat(keys(predictions.readKeyValuesToList())).containsExactly("img-0", "img-1", "img-2", "img-3");
        assertThat(meters.get("digitstream.dead.letters")
                        .tag("reason", reason.name())
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void shouldKeepServingTheOldVersionWhenTheChecksumIsWrong() {
        start("");
        publish(unsignedV1);

        publish(TestModels.withSha256(TestModels.asVersion(unsignedV1, 2, false), "00".repeat(32)));

        assertRefusedAndStillServingV1("CHECKSUM_MISMATCH");
    }

    @Test
    void shouldKeepServingTheOldVersionWhenTheSignatureIsWrongOrMissing() {
        start(SIGNING_KEY);
        publish(TestModels.version(network, 1, Optional.of(new ModelSigner(SIGNING_KEY))));

        publish(TestModels.version(network, 2, Optional.of(new ModelSigner("another-key"))));
        assertRefusedAndStillServingV1("SIGNATURE_MISMATCH");

        publish(TestModels.asVersion(unsignedV1, 3, false));
        assertRefusedAndStillServingV1("SIGNATURE_MISSING");
    }

    @Test
    void shouldKeepServingTheOldVersionWhenTheShapeIsWrong() {
        start("");
        publish(unsignedV1);

        publish(TestModels.version(TestModels.fiveClasses(), 2, Optional.empty()));
        assertRefusedAndStillServingV1("WRONG_SHAPE");

        publish(TestModels.withInputSpec(
                TestModels.asVersion(unsignedV1, 3, false),
                InputSpec.newBuilder(unsignedV1.getInputSpec())
                        .setStepAxis("row")
                        .build()));
        assertRefusedAndStillServingV1("WRONG_SHAPE", 2);
    }

    @Test
    void shouldKeepServingTheOldVersionWhenTheModelRecordIsUndecodable() {
        start("");
        publish(unsignedV1);

        models.pipeInput(TestModels.NAME, "not a model".getBytes());

        assertRefusedAndStillServingV1("UNDECODABLE");
    }

    @Test
    void shouldIgnoreAnOlderVersionUnlessItIsARollback() {
        start("");
        final ModelArtifact artifact = ModelArtifact.of(network, Optional.empty());
        publish(TestModels.version(artifact, 2, false, 0.9));

        publish(TestModels.version(artifact, 1, false, 0.9));
        sendImages(0, MAX_BATCH);
        assertThat(predictions.readValuesToList())
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(2L);

        publish(TestModels.version(artifact, 1, true, 0.9));
        sendImages(MAX_BATCH, MAX_BATCH);
        assertThat(predictions.readValuesToList())
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(1L);
        assertThat(registry.lastRefusal()).isEmpty();
    }

    @Test
    void shouldClassifyImagesBufferedBeforeASwapWithTheNewVersionOnlyAfterTheSwapWhenTheRolloutIsImmediate() {
        start("", false, RolloutTopologyTest.rollout(StreamerProperties.RolloutMode.IMMEDIATE));
        publish(unsignedV1);
        sendImages(0, MAX_BATCH + 2);
        assertThat(predictions.readValuesToList())
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(1L);

        publish(TestModels.asVersion(unsignedV1, 2, false));
        driver.advanceWallClockTime(MAX_WAIT);

        assertThat(predictions.readValuesToList())
                .extracting(DigitPrediction::getModelVersion)
                .containsExactly(2L, 2L);
    }

    private void assertRefusedAndStillServingV1(final String reason) {
        assertRefusedAndStillServingV1(reason, 1);
    }

    private void assertRefusedAndStillServingV1(final String reason, final int refusalsWithThisReason) {
        assertThat(registry.lastRefusal())
                .hasValueSatisfying(refusal -> assertThat(refusal.reason()).isEqualTo(reason));
        assertThat(meters.get("digitstream.model.refusals")
                        .tag("reason", reason)
                        .counter()
                        .count())
                .isEqualTo(refusalsWithThisReason);
        final int first = (int) (System.nanoTime() & 0xFFFF);
        sendImages(first, MAX_BATCH);
        assertThat(predictions.readValuesToList())
                .hasSize(MAX_BATCH)
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(1L);
        assertThat(registry.current())
                .hasValueSatisfying(model -> assertThat(model.version()).isEqualTo(1L));
    }

    private static List<String> keys(final List<KeyValue<String, DigitPrediction>> records) {
        return records.stream().map(kv -> kv.key).toList();
    }

    private void publish(final ModelVersion version) {
        models.pipeInput(ModelKeys.artifactKey(version.getName(), version.getVersion()), TestModels.encode(version));
    }

    @Test
    void shouldServeAVersionKeyedByTheModelNameAloneWhenItWasPublishedBeforeRollouts() {
        start("");

        models.pipeInput(TestModels.NAME, TestModels.encode(unsignedV1));
        sendImages(0, MAX_BATCH);

        assertThat(predictions.readValuesToList())
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(1L);
    }

    private void sendImages(final int first, final int count) {
        for (int i = first; i < first + count; i++) {
            final DigitImage image = TestImages.image("img-" + i, i, i % 10);
            images.pipeInput(image.getId(), TestImages.encode(image));
        }
    }
}
