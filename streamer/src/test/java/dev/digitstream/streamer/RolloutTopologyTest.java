package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.digitstream.model.Classifier;
import dev.digitstream.schemas.AvroBytes;
import dev.digitstream.schemas.AvroSerde;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.RolloutDecision;
import dev.digitstream.schemas.Verdict;
import dev.digitstream.streamer.StreamerProperties.RolloutMode;
import dev.digitstream.streamer.StreamerProperties.UnlabeledPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.IntFunction;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rollout on the topology alone: the serving version, a candidate that is exactly as good or
 * exactly wrong (its answers shifted by one digit), and labels chosen from their answers, so every
 * decision path is known in advance.
 */
class RolloutTopologyTest {

    private static final int MAX_BATCH = 8;
    private static final long MIN_LABELED = 40;
    private static final long EARLY_REJECT_AFTER = 16;
    private static final Duration REPORT_EVERY = Duration.ofMillis(20);

    private static MultiLayerNetwork servingNetwork;
    private static ModelVersion v1;
    private static ModelVersion v2Same;
    private static ModelVersion v2Shifted;
    private static Classifier servingAnswers;
    private static Classifier shiftedAnswers;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> images;
    private TestInputTopic<String, byte[]> models;
    private TestOutputTopic<String, DigitPrediction> predictions;
    private TestOutputTopic<String, ModelRollout> decisions;
    private ModelRegistry registry;
    private OnlineAccuracy accuracy;

    @BeforeAll
    static void buildModels() {
        servingNetwork = TestModels.untrained();
        final MultiLayerNetwork shifted = TestModels.shifted(servingNetwork, 1);
        v1 = TestModels.version(servingNetwork, 1, Optional.empty());
        v2Same = TestModels.version(servingNetwork, 2, Optional.empty());
        v2Shifted = TestModels.version(shifted, 2, Optional.empty());
        servingAnswers = new Classifier(servingNetwork);
        shiftedAnswers = new Classifier(shifted);
    }

    static StreamerProperties.Rollout rollout(final RolloutMode mode) {
        return rollout(mode, UnlabeledPolicy.HOLD);
    }

    static StreamerProperties.Rollout rollout(final RolloutMode mode, final UnlabeledPolicy unlabeled) {
        return new StreamerProperties.Rollout(
                mode, 1.0, 0.3, MIN_LABELED, EARLY_REJECT_AFTER, 0.005, unlabeled, 0.97, REPORT_EVERY, 100, true);
    }

    private static StreamerProperties.Rollout withoutJudge(final StreamerProperties.Rollout rollout) {
        return new StreamerProperties.Rollout(
                rollout.mode(),
                rollout.shadowSample(),
                rollout.canaryShare(),
                rollout.minLabeled(),
                rollout.earlyRejectAfter(),
                rollout.tolerance(),
                rollout.unlabeled(),
                rollout.minAgreement(),
                rollout.reportEvery(),
                rollout.window(),
                false);
    }

    private void start(final StreamerProperties.Rollout rollout) {
        final StreamerProperties properties = StreamerProperties.defaults()
                .withBatch(new StreamerProperties.Batch(MAX_BATCH, Duration.ofMillis(10), false, Duration.ofMillis(5)))
                .withRollout(rollout);
        final StreamerMetrics metrics = new StreamerMetrics(new SimpleMeterRegistry());
        registry = new ModelRegistry(
                properties.modelName(),
                rollout.mode(),
                ModelLoader.forSigningKey("", Clock.systemUTC()),
                metrics,
                Clock.systemUTC());
        accuracy = new OnlineAccuracy(rollout.window());
        final Properties config = new Properties();
        config.putAll(StreamsSettings.streamsConfig(
                properties, Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092")));
        driver = new TopologyTestDriver(DigitTopology.build(properties, registry, metrics, accuracy), config);
        final StreamerProperties.TopicSettings topics = properties.topics();
        images = driver.createInputTopic(topics.in(), new StringSerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(topics.models(), new StringSerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(
                topics.predicted(), new StringDeserializer(), AvroSerde.of(DigitPrediction.class));
        decisions =
                driver.createOutputTopic(topics.models(), new StringDeserializer(), AvroSerde.of(ModelRollout.class));
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldEmitOnlyTheServingVersionsPredictionsWhileACandidateIsShadowed() {
        start(rollout(RolloutMode.SHADOW));
        publish(v1);
        publish(v2Shifted);

        send(0, 24, i -> null);

        assertThat(predictions.readValuesToList())
                .hasSize(24)
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(1L);
        assertThat(registry.deployment())
                .hasValueSatisfying(d -> assertThat(d.candidate().version()).isEqualTo(2L));
        assertThat(accuracy.agreement(2)).hasValue(0.0);
    }

    @Test
    void shouldRejectAClearlyWorseCandidateEarlyAndKeepServingWhenItIsShadowed() {
        start(rollout(RolloutMode.SHADOW));
        publish(v1);
        publish(v2Shifted);

        send(0, (int) EARLY_REJECT_AFTER + MAX_BATCH, this::servingsDigit);
        driver.advanceWallClockTime(REPORT_EVERY);

        final RolloutDecision decision = lastDecision();
        assertThat(decision.getVersion()).isEqualTo(2L);
        assertThat(decision.getVerdict()).isEqualTo(Verdict.REJECTED);
        assertThat(decision.getDecidedBy()).isEqualTo(ModelRollouts.JUDGE);
        assertThat(decision.getCandidateAccuracy()).isEqualTo(0.0);
        assertThat(decision.getServingAccuracy()).isEqualTo(1.0);
        assertThat(decision.getLabeled()).isLessThan(MIN_LABELED);
        assertThat(decision.getReason()).contains("clearly worse");
        assertThat(registry.deployment()).hasValueSatisfying(d -> {
            assertThat(d.serving().version()).isEqualTo(1L);
            assertThat(d.candidate()).isNull();
        });

        send(100, MAX_BATCH, this::servingsDigit);
        assertThat(predictions.readValuesToList())
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(1L);
    }

    @Test
    void shouldPromoteACandidateThatIsNotWorseOnceItHasAnsweredMinLabeledImages() {
        start(rollout(RolloutMode.SHADOW));
        publish(v1);
        publish(v2Same);

        send(0, (int) MIN_LABELED - MAX_BATCH, this::servingsDigit);
        driver.advanceWallClockTime(REPORT_EVERY);
        assertThat(registry.current())
                .hasValueSatisfying(model -> assertThat(model.version()).isEqualTo(1L));

        send(1000, MAX_BATCH, this::servingsDigit);
        driver.advanceWallClockTime(REPORT_EVERY);

        final RolloutDecision decision = lastDecision();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.PROMOTED);
        assertThat(decision.getLabeled()).isEqualTo(MIN_LABELED);
        assertThat(decision.getAgreement()).isEqualTo(1.0);
        assertThat(registry.current())
                .hasValueSatisfying(model -> assertThat(model.version()).isEqualTo(2L));
        predictions.readValuesToList();

        send(2000, MAX_BATCH, this::servingsDigit);
        assertThat(predictions.readValuesToList())
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(2L);
    }

    @Test
    void shouldWriteNothingToTheModelsTopicAndKeepTheCandidateWhenTheJudgeIsOff() {
        start(withoutJudge(rollout(RolloutMode.SHADOW)));
        publish(v1);
        publish(v2Same);

        send(0, (int) MIN_LABELED + MAX_BATCH, this::servingsDigit);
        driver.advanceWallClockTime(REPORT_EVERY);
        send(5000, MAX_BATCH, this::servingsDigit);
        driver.advanceWallClockTime(REPORT_EVERY);

        // The same traffic promotes v2 when the judge is on (the test above); off, only an operator decides.
        assertThat(decisions.isEmpty()).isTrue();
        assertThat(registry.current())
                .hasValueSatisfying(model -> assertThat(model.version()).isEqualTo(1L));
        assertThat(predictions.readValuesToList())
                .isNotEmpty()
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(1L);
        assertThat(driver.producedTopicNames())
                .doesNotContain(StreamerProperties.defaults().topics().models());
    }

    @Test
    void shouldPromoteABetterCandidateWhenTheLabelsFavourIt() {
        start(rollout(RolloutMode.SHADOW));
        publish(v1);
        publish(v2Shifted);

        send(0, (int) MIN_LABELED, this::shiftedDigit);
        driver.advanceWallClockTime(REPORT_EVERY);

        final RolloutDecision decision = lastDecision();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.PROMOTED);
        assertThat(decision.getCandidateAccuracy()).isEqualTo(1.0);
        assertThat(decision.getServingAccuracy()).isEqualTo(0.0);
        assertThat(registry.current())
                .hasValueSatisfying(model -> assertThat(model.version()).isEqualTo(2L));
    }

    @Test
    void shouldHoldTheCandidateWithoutLabelsWhenThePolicyIsHold() {
        start(rollout(RolloutMode.SHADOW, UnlabeledPolicy.HOLD));
        publish(v1);
        publish(v2Same);

        send(0, (int) MIN_LABELED * 2, i -> null);
        driver.advanceWallClockTime(REPORT_EVERY);

        assertThat(decisions.isEmpty()).isTrue();
        assertThat(registry.deployment())
                .hasValueSatisfying(d -> assertThat(d.candidate().version()).isEqualTo(2L));
    }

    @Test
    void shouldDecideOnAgreementWithoutLabelsWhenThePolicyIsAgreement() {
        start(rollout(RolloutMode.SHADOW, UnlabeledPolicy.AGREEMENT));
        publish(v1);
        publish(v2Same);

        send(0, (int) MIN_LABELED, i -> null);
        driver.advanceWallClockTime(REPORT_EVERY);

        final RolloutDecision decision = lastDecision();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.PROMOTED);
        assertThat(decision.getReason()).contains("agreed with serving on 100.00%");
    }

    @Test
    void shouldAnswerTheConfiguredShareOfImagesWithTheCandidateWhenTheModeIsCanary() {
        start(new StreamerProperties.Rollout(
                RolloutMode.CANARY,
                1.0,
                0.3,
                1_000_000,
                1_000_000,
                0.005,
                UnlabeledPolicy.HOLD,
                0.97,
                REPORT_EVERY,
                100,
                true));
        publish(v1);
        publish(v2Same);

        send(0, 5000, i -> null);
        driver.advanceWallClockTime(Duration.ofMillis(50));

        final List<DigitPrediction> out = predictions.readValuesToList();
        assertThat(out).hasSize(5000);
        final double candidateShare =
                out.stream().filter(p -> p.getModelVersion() == 2L).count() / 5000.0;
        assertThat(candidateShare).isCloseTo(0.3, within(0.02));
    }

    @Test
    void shouldStartOnTheServingVersionWhenARejectedCandidateIsTheNewestRecord() {
        start(rollout(RolloutMode.SHADOW));
        final Instant at = Instant.parse("2026-11-29T08:00:00Z");
        publish(v1);
        publish(v2Shifted);
        publishRollout(ModelRollouts.reject(
                ModelRollouts.initial(TestModels.NAME, 1, at),
                ModelRollouts.operatorDecision(2, Verdict.REJECTED, 1, "worse", at)));
        publish(TestModels.withSha256(TestModels.asVersion(v2Shifted, 3, false), "00".repeat(32)));

        send(0, MAX_BATCH, i -> null);

        assertThat(predictions.readValuesToList())
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(1L);
        assertThat(registry.deployment())
                .hasValueSatisfying(d -> assertThat(d.candidate()).isNull());
        assertThat(registry.lastRefusal())
                .hasValueSatisfying(refusal -> assertThat(refusal.version()).isEqualTo(3L));
    }

    @Test
    void shouldServeAnEarlierVersionWhenAnOperatorRollsBack() {
        start(rollout(RolloutMode.SHADOW));
        final Instant at = Instant.parse("2026-11-29T08:00:00Z");
        publish(v1);
        publish(v2Same);
        final ModelRollout promoted = ModelRollouts.promote(
                ModelRollouts.initial(TestModels.NAME, 1, at),
                ModelRollouts.operatorDecision(2, Verdict.SERVED_DIRECTLY, 1, "by hand", at));
        publishRollout(promoted);
        assertThat(registry.current())
                .hasValueSatisfying(model -> assertThat(model.version()).isEqualTo(2L));

        publishRollout(ModelRollouts.rollBack(
                promoted, ModelRollouts.operatorDecision(1, Verdict.ROLLED_BACK, 2, "back", at)));
        send(0, MAX_BATCH, i -> null);

        assertThat(predictions.readValuesToList())
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(1L);
    }

    @Test
    void shouldServeAVersionAsItsArtifactArrivesWithoutShadowingItWhenItWasPublishedToServing() {
        start(rollout(RolloutMode.SHADOW));
        final Instant at = Instant.parse("2026-11-29T08:00:00Z");
        publish(v1);

        publish(ModelVersion.newBuilder(v2Shifted).setServesAtOnce(true).build());

        assertThat(registry.deployment()).hasValueSatisfying(d -> {
            assertThat(d.serving().version()).isEqualTo(2L);
            assertThat(d.candidate()).isNull();
        });
        publishRollout(ModelRollouts.promote(
                ModelRollouts.initial(TestModels.NAME, 1, at),
                ModelRollouts.operatorDecision(2, Verdict.SERVED_DIRECTLY, 1, "published to serving", at)));
        send(0, MAX_BATCH, i -> shiftedDigit(i));
        assertThat(predictions.readValuesToList())
                .extracting(DigitPrediction::getModelVersion)
                .containsOnly(2L)
                .hasSize(MAX_BATCH);
        assertThat(registry.deployment())
                .hasValueSatisfying(d -> assertThat(d.candidate()).isNull());
        assertThat(accuracy.accuracy(2)).hasValue(1.0);
        assertThat(accuracy.agreement(2))
                .as("never compared with v1 as a candidate")
                .isEmpty();
    }

    /** The newest decision the judge wrote since the last call (the output topic is read once). */
    private RolloutDecision lastDecision() {
        final List<ModelRollout> states = decisions.readValuesToList().stream()
                .filter(state -> state != null)
                .toList();
        assertThat(states).as("rollout states written by the judge").isNotEmpty();
        final List<RolloutDecision> list = states.get(states.size() - 1).getDecisions();
        return list.get(list.size() - 1);
    }

    private Integer servingsDigit(final int seed) {
        return servingAnswers.classify(List.of(pixels(seed))).get(0).digit();
    }

    private Integer shiftedDigit(final int seed) {
        return shiftedAnswers.classify(List.of(pixels(seed))).get(0).digit();
    }

    private static byte[] pixels(final int seed) {
        return AvroBytes.toArray(TestImages.image("x", seed, null).getPixels());
    }

    private void publish(final ModelVersion version) {
        models.pipeInput(ModelKeys.artifactKey(version.getName(), version.getVersion()), TestModels.encode(version));
    }

    private void publishRollout(final ModelRollout state) {
        models.pipeInput(
                ModelKeys.rolloutKey(state.getName()),
                AvroSerde.of(ModelRollout.class).encode(state));
    }

    /** Sends images with seeds {@code first..}; labels from the function (null: unlabeled). */
    private void send(final int first, final int count, final IntFunction<Integer> label) {
        for (int i = first; i < first + count; i++) {
            final DigitImage image = TestImages.image("img-" + i, i, label.apply(i));
            images.pipeInput(image.getId(), TestImages.encode(image));
        }
        driver.advanceWallClockTime(Duration.ofMillis(10));
    }
}
