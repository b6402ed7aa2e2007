package dev.digitstream.streamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.digitstream.mnist.MnistDataset;
import dev.digitstream.model.ModelArtifact;
import dev.digitstream.schemas.DigitPrediction;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.RolloutDecision;
import dev.digitstream.schemas.Verdict;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rollout on a real broker with two instances sharing the input and labeled MNIST test images: a
 * clearly worse candidate (an untrained network) is shadowed, never answers and is rejected; a newly
 * started instance then serves the serving version, not the rejected newest one; a candidate as good as
 * serving is promoted, and both instances switch at the same decision.
 */
class RolloutIntegrationTest {

    private static final String PREFIX = "rollout.";
    private static final int MIN_LABELED = 300;
    private static final int BATCH_OF_IMAGES = 1_000;
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String[] SETTINGS = {
        "--digitstream.batch.max-size=64",
        "--digitstream.rollout.min-labeled=" + MIN_LABELED,
        "--digitstream.rollout.early-reject-after=100",
        "--digitstream.rollout.report-every=200ms"
    };

    private static KafkaFixture kafka;
    private static StreamerInstance first;
    private static StreamerInstance second;

    @BeforeAll
    static void startTwoInstances() {
        kafka = new KafkaFixture();
        first = StreamerInstance.start(kafka.bootstrapServers(), PREFIX, SETTINGS);
        second = StreamerInstance.start(kafka.bootstrapServers(), PREFIX, SETTINGS);
    }

    @AfterAll
    static void stop() throws Exception {
        for (final AutoCloseable closeable : new AutoCloseable[] {first, second, kafka}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void shouldRejectAWorseCandidateWithoutAnAnswerAndPromoteAGoodOneOnEveryInstanceAtOnce() {
        final StreamerProperties.TopicSettings topics = StreamerInstance.topics(PREFIX);
        final MnistDataset data = MnistFixture.testImages(2 * BATCH_OF_IMAGES);
        final ModelArtifact trained = ModelArtifact.of(MnistFixture.trainedNetwork(), Optional.empty());
        final ModelArtifact untrained = ModelArtifact.of(TestModels.untrained(), Optional.empty());

        try (KafkaFixture.TopicReader predictions = kafka.reader(topics.predicted(), false)) {
            // Step 1: the first version serves at once on both instances.
            kafka.publish(topics.models(), TestModels.version(trained, 1, false, 0.8));
            await().atMost(PATIENCE).until(() -> first.servingVersion() == 1 && second.servingVersion() == 1);

            // Step 2: a clearly worse candidate is shadowed while labeled images flow, and rejected.
            kafka.publish(topics.models(), TestModels.version(untrained, 2, false, 0.1));
            await().atMost(PATIENCE).until(() -> first.candidateVersion() == 2 && second.candidateVersion() == 2);
            kafka.sendImages(topics.in(), data, 0, BATCH_OF_IMAGES, "mnist-");
            await().atMost(PATIENCE)
                    .until(() -> lastVerdict(first, 2).isPresent()
                            && lastVerdict(second, 2).isPresent());
            final RolloutDecision rejection = lastVerdict(first, 2).orElseThrow();
            assertThat(rejection.getVerdict()).isEqualTo(Verdict.REJECTED);
            assertThat(rejection.getLabeled()).isBetween(1L, (long) MIN_LABELED);
            assertThat(rejection.getCandidateAccuracy()).isLessThan(rejection.getServingAccuracy());
            assertThat(first.candidateVersion()).isZero();
            assertThat(second.candidateVersion()).isZero();
            await().atMost(PATIENCE).until(() -> predictions.poll().size() >= BATCH_OF_IMAGES);
            assertThat(predictions.predictions())
                    .extracting(DigitPrediction::getModelVersion)
                    .containsOnly(1L);

            // Step 3: a newly started instance serves version 1, although the rejected version 2 is the newest.
            try (StreamerInstance late =
                    StreamerInstance.start(kafka.bootstrapServers(), PREFIX, withApplicationId(PREFIX + "late"))) {
                await().atMost(PATIENCE)
                        .until(() -> late.servingVersion() == 1
                                && late.registry().rollout().isPresent());
                assertThat(late.candidateVersion()).isZero();
            }

            // Step 4: a candidate as good as serving is promoted, by one decision that both instances apply.
            kafka.publish(topics.models(), TestModels.version(trained, 3, false, 0.8));
            await().atMost(PATIENCE).until(() -> first.candidateVersion() == 3 && second.candidateVersion() == 3);
            kafka.sendImages(topics.in(), data, BATCH_OF_IMAGES, 2 * BATCH_OF_IMAGES, "mnist-");
            await().atMost(PATIENCE)
                    .until(() -> lastVerdict(first, 3).isPresent()
                            && lastVerdict(second, 3).isPresent());
            assertThat(first.servingVersion()).isEqualTo(3);
            assertThat(second.servingVersion()).isEqualTo(3);
            final ModelRollout onFirst = first.registry().rollout().orElseThrow();
            assertThat(second.registry().rollout()).hasValue(onFirst);
            assertThat(lastVerdict(first, 3))
                    .hasValueSatisfying(d -> assertThat(d.getVerdict()).isEqualTo(Verdict.PROMOTED));

            // Step 5: every image has exactly one prediction, and no partition went back from version 3.
            await().atMost(PATIENCE).until(() -> predictions.poll().size() >= 2 * BATCH_OF_IMAGES);
            predictions.poll();
            final Map<String, Long> perId = predictions.predictions().stream()
                    .collect(Collectors.groupingBy(DigitPrediction::getId, Collectors.counting()));
            assertThat(perId)
                    .hasSize(2 * BATCH_OF_IMAGES)
                    .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
            assertThat(predictions.predictions())
                    .extracting(DigitPrediction::getModelVersion)
                    .doesNotContain(2L);
            predictions
                    .predictionsByPartition()
                    .forEach((partition, inOrder) -> assertThat(PredictionOrder.neverBackFrom(3L, inOrder))
                            .as("partition %d", partition)
                            .isTrue());
        }
    }

    private static String[] withApplicationId(final String applicationId) {
        final String[] settings = Arrays.copyOf(SETTINGS, SETTINGS.length + 1);
        settings[SETTINGS.length] = "--digitstream.application-id=" + applicationId;
        return settings;
    }

    private static Optional<RolloutDecision> lastVerdict(final StreamerInstance instance, final long version) {
        final List<RolloutDecision> decisions =
                instance.registry().rollout().map(ModelRollout::getDecisions).orElse(List.of());
        return decisions.stream().filter(d -> d.getVersion() == version).reduce((a, b) -> b);
    }
}
